from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination


class CatalogueCursorPagination(CursorPagination):
    """Cursor pages: no COUNT over large tables, stable under inserts."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "id"

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound as exc:
            raise ValidationError(
                {"cursor": ["Invalid cursor; use the next or previous link."]}
            ) from exc

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not value.isdigit() or not 1 <= int(value) <= self.max_page_size:
            raise ValidationError(
                {"page_size": [f"Give a whole number from 1 to {self.max_page_size}."]}
            )
        return int(value)
