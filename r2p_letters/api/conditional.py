"""ETags and conditional requests on the API's read endpoints: If-None-Match answers 304."""

from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag


class ConditionalMixin:
    """The ETag is a hash of the body sent, so it changes exactly when what the client sees changes."""

    cache_control = "public, max-age=30"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        set_response_etag(response)
        response["Cache-Control"] = self.cache_control
        patch_vary_headers(response, ["Accept", "Authorization"])
        return get_conditional_response(request, etag=response["ETag"], response=response)
