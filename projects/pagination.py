"""A paginator that counts a long list only as far as someone can page (issue 21)."""

from django.core.paginator import Paginator

# What a list counts by default before it says "more than …".
COUNT_CAP = 1000
# Deeper pages are read as the last one (and the LIMIT stays a sane number).
MAX_PAGE = 100_000


class CappedPaginator(Paginator):
    """The pages of a list counted only as far as a visitor can page.

    An exact count of 100,000 published projects reads every one of them, more
    than the page itself costs. Instead the count reads at most `cap` + 1 rows
    (`SELECT count(*) FROM (SELECT 1 … LIMIT cap + 1)`), and the cap moves with
    the page asked for, so the next page is always known. With at most `cap`
    matches (every list of today's hub) the count is exact; with more it reads
    "more than `cap`" (`capped`) and the pages are numbered without a total.
    """

    is_search = False

    def __init__(self, object_list, per_page, *, number=None, cap: int = COUNT_CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        try:
            wanted = min(max(1, int(number)), MAX_PAGE)
        except (TypeError, ValueError):
            wanted = 1
        self.candidates = cap
        # One page beyond the one asked for, so "next page" is known there too.
        self.limit = max(self.candidates, (wanted + 1) * per_page)
        # A subquery with LIMIT: counting stops after `limit` + 1 rows.
        counted = self.object_list.order_by()[: self.limit + 1].count()
        self.capped = counted > self.limit
        # `count` is a cached property: counted already.
        self.__dict__["count"] = min(counted, self.limit)
