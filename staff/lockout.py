"""The address that django-axes counts failed sign-ins against (AXES_CLIENT_IP_CALLABLE)."""

import ipaddress

from donations.ratelimit import client_ip


def client_address(request) -> str | None:
    """The address the rate limits use too, so TRUSTED_PROXY_COUNT means one thing everywhere.

    None when it is not an IP address (a request built in code has no REMOTE_ADDR): axes keeps
    addresses in a column that refuses anything else, and a refused row would be a 500 on the
    sign-in page.
    """
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
