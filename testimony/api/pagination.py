from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

BAD_CURSOR = {"cursor": ["Invalid cursor; use the next or previous link."]}


class CatalogueCursorPagination(CursorPagination):
    """Cursor pages: no COUNT over large tables, stable under inserts.

    A cursor comes back from the client, so it is checked before it reaches a
    query: its offset within the page's bounds, its position a value of the
    ordering field's type. Anything else is the same 400 as an undecodable one.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "id"

    def paginate_queryset(self, queryset, request, view=None):
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except (NotFound, ValueError, OverflowError) as exc:
            raise ValidationError(BAD_CURSOR) from exc
        if cursor is None:
            return None
        if not 0 <= cursor.offset <= self.offset_cutoff:
            raise ValidationError(BAD_CURSOR)
        if cursor.position is not None:
            self._check_position(cursor.position)
        return cursor

    def _check_position(self, position: str) -> None:
        if "\x00" in position:
            raise ValidationError(BAD_CURSOR)
        name = self.ordering[0].lstrip("-")
        try:
            field = self._model._meta.get_field(name)
        except FieldDoesNotExist:
            return  # an annotation: its value is text the query compares as text
        try:
            field.run_validators(field.to_python(position))  # integers within range too
        except (DjangoValidationError, ValueError, TypeError, OverflowError) as exc:
            raise ValidationError(BAD_CURSOR) from exc

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not value.isdigit() or not 1 <= int(value) <= self.max_page_size:
            raise ValidationError(
                {"page_size": [f"Give a whole number from 1 to {self.max_page_size}."]}
            )
        return int(value)
