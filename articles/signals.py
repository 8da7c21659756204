"""What the app tells the layers around it, which it never imports: the page cache and the
edge cache keep reader pages, and connect to these signals (newsroom/apps.py), as a pretix
plugin fills the hooks its core declares.

reader_content_changed(sender, article_id)
    Something reader pages show has changed: an article (`article_id`), or anything else
    (`article_id=None`: a section, tag, author or ask, which every page may show). Sent where
    the change is written, inside its transaction when there is one, after the article's own
    row and before what the admin saves after it (tags, bylines): a receiver may read the
    article's old tags and authors then, and acts on the change once it is committed
    (transaction.on_commit), never before, so that no page is rendered from old rows and kept
    as new. Sent by articles/services.py and by the admin (articles/admin.py,
    ReaderContentAdmin) for the models it edits, donations' asks included.
"""

from django.dispatch import Signal

reader_content_changed = Signal()
