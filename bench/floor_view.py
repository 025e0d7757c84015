"""The floor: what the framework alone costs. A DRF view with the API's token
check and request limit that reads no catalogue data and returns an empty page.
No list the API serves can be faster than this."""

from rest_framework.response import Response
from rest_framework.views import APIView

from testimony.api.auth import audience_for


class EmptyPage(APIView):
    def get(self, request):
        audience_for(request)
        return Response({"next": None, "previous": None, "results": []})
