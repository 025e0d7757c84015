"""Private S3-compatible storage: no public ACL, no presigned URL handed out."""

from django.urls import reverse
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    default_acl = "private"
    file_overwrite = False
    querystring_auth = True

    def url(self, name, parameters=None, expire=None, http_method=None):
        """Files are read through the staff view or a consent-checked signed link."""
        return reverse("staff-file", args=[name])
