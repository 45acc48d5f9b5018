from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.feeds import SafeAtom1Feed
from core.permissions import public
from core.text import render_markdown

from .models import Announcement


@public
class AnnouncementFeed(Feed):
    """Atom feed of the public announcements at /aktuelles/feed/."""

    feed_type = SafeAtom1Feed
    title = _("Regio.hub – news")
    subtitle = _("Public announcements of the Regio.hub project office")
    author_name = _("Regio.hub project office")

    def link(self):
        return reverse("community:announcement_list")

    def feed_url(self):
        return f"{settings.SITE_URL}{reverse('community:announcement_feed')}"

    def items(self):
        return Announcement.objects.published().public()[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return render_markdown(item.body)

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.publish_at)

    def item_guid(self, item):
        return f"{settings.SITE_URL}{item.get_absolute_url()}"

    item_guid_is_permalink = True
