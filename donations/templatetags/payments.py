from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("includes/demo_payments.html")
def demo_payments_notice():
    """The mark on every giving page while the app is pointed at the demo payment server
    (STRIPE_DEMO), so that no one mistakes the demo's gifts for real ones."""
    return {"demo": settings.STRIPE_DEMO}
