"""Full-text search: stored, weighted search vectors kept current by PostgreSQL triggers.

Why triggers: an article's vector depends on its own text and on its authors' names and tags,
which change through many roads (the admin's inlines, renaming an author who has a thousand
articles, `bulk_create` in `seed_demo --articles`, `QuerySet.update`). Only the database sees
every one of them. A generated column cannot read other tables, and `save()` or signals miss
bulk operations.

- articles_article: a BEFORE row trigger builds the vectors from the headline (weight A),
  standfirst (B), authors and tags (C) and body (D) on insert and whenever those texts change.
- articles_byline, articles_article_tags: AFTER statement triggers (with transition tables, so a
  bulk insert of 2,000 bylines is one UPDATE, not 2,000) rebuild the C part of the articles
  touched, reusing the rest of the vector rather than parsing bodies again.
- articles_author, articles_tag: a rename rebuilds the C part of their articles.
- articles_searchword: the words seen in articles and names, for the "did you mean" fallback,
  with a trigram index (pg_trgm).
- Bulk loads may defer all of this for their transaction and rebuild their batch in one
  statement (articles.services.search_deferred): a quarter of the writes.

Everything PostgreSQL-specific is skipped on other databases: with SQLite (`make run`), the
columns exist but stay empty and search falls back to a simple substring match.
"""

import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """RunSQL that does nothing on other databases."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


FUNCTIONS = [
    # Bulk loads (seed_demo --articles) set this for their transaction, so that the triggers
    # below stand aside, and rebuild the batch with articles_search_rebuild() at the end: one
    # write per article instead of one per article, byline and tag statement.
    """
    CREATE FUNCTION articles_search_deferred() RETURNS boolean
    LANGUAGE sql STABLE AS $$
        SELECT coalesce(current_setting('articles.search_deferred', true), '') = 'on'
    $$
    """,
    # The authors' names (in byline order) and tag names of one article, as one text.
    """
    CREATE FUNCTION articles_search_names(p_article_id bigint) RETURNS text
    LANGUAGE sql STABLE AS $$
        SELECT concat_ws(' ',
            (SELECT string_agg(author.name, ' ' ORDER BY byline."order", byline.id)
               FROM articles_byline AS byline
               JOIN articles_author AS author ON author.id = byline.author_id
              WHERE byline.article_id = p_article_id),
            (SELECT string_agg(tag.name, ' ' ORDER BY tag.name)
               FROM articles_article_tags AS link
               JOIN articles_tag AS tag ON tag.id = link.tag_id
              WHERE link.article_id = p_article_id))
    $$
    """,
    # The whole weighted document. HTML tags and entities in the body are not words to the
    # parser, so the stored (sanitised) body is indexed as it is.
    """
    CREATE FUNCTION articles_search_document(
        p_headline text, p_standfirst text, p_names text, p_body text
    ) RETURNS tsvector
    LANGUAGE sql IMMUTABLE AS $$
        SELECT setweight(to_tsvector('english'::regconfig, coalesce(p_headline, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, coalesce(p_standfirst, '')), 'B')
            || setweight(to_tsvector('english'::regconfig, coalesce(p_names, '')), 'C')
            || setweight(to_tsvector('english'::regconfig, coalesce(p_body, '')), 'D')
    $$
    """,
    # Plain, unstemmed words of a text, as readers type them: for the "did you mean" lexicon.
    """
    CREATE FUNCTION articles_search_words(p_text text) RETURNS SETOF text
    LANGUAGE sql IMMUTABLE AS $$
        SELECT word
          FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, coalesce(p_text, ''))))
               AS word
         WHERE char_length(word) BETWEEN 3 AND 40 AND word !~ '[[:digit:][:punct:]]'
    $$
    """,
    # New names (authors' or tags') change only the C part: keep the rest, parsed already.
    """
    CREATE FUNCTION articles_search_refresh_names(p_article_ids bigint[]) RETURNS void
    LANGUAGE sql AS $$
        -- MATERIALIZED: otherwise the vector is computed once for each column it goes to.
        WITH fresh AS MATERIALIZED (
            SELECT id,
                   CASE WHEN search_vector IS NULL
                        THEN articles_search_document(
                                 headline, standfirst, articles_search_names(id), body)
                        ELSE ts_filter(search_vector, '{a,b,d}')
                             || setweight(to_tsvector('english'::regconfig,
                                                      articles_search_names(id)), 'C')
                   END AS vector
              FROM articles_article
             WHERE id = ANY(p_article_ids)
        )
        UPDATE articles_article AS article
           SET search_vector = fresh.vector,
               search_summary = ts_filter(fresh.vector, '{a,b,c}')
          FROM fresh
         WHERE article.id = fresh.id
    $$
    """,
    # Everything about the given articles, from scratch: vectors and words.
    """
    CREATE FUNCTION articles_search_rebuild(p_article_ids bigint[]) RETURNS void
    LANGUAGE sql AS $$
        WITH fresh AS MATERIALIZED (
            SELECT id, articles_search_document(
                           headline, standfirst, articles_search_names(id), body) AS vector
              FROM articles_article
             WHERE id = ANY(p_article_ids)
        )
        UPDATE articles_article AS article
           SET search_vector = fresh.vector,
               search_headline = ts_filter(fresh.vector, '{a}'),
               search_summary = ts_filter(fresh.vector, '{a,b,c}')
          FROM fresh
         WHERE article.id = fresh.id;
        INSERT INTO articles_searchword (word)
        SELECT DISTINCT word
          FROM articles_article,
               articles_search_words(concat_ws(' ', headline, standfirst, body)) AS word
         WHERE id = ANY(p_article_ids)
         ORDER BY word
        ON CONFLICT DO NOTHING;
    $$
    """,
    """
    CREATE FUNCTION articles_article_search_fill() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF articles_search_deferred() THEN
            RETURN NEW;
        END IF;
        NEW.search_vector := articles_search_document(
            NEW.headline, NEW.standfirst, articles_search_names(NEW.id), NEW.body);
        NEW.search_headline := ts_filter(NEW.search_vector, '{a}');
        NEW.search_summary := ts_filter(NEW.search_vector, '{a,b,c}');
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE FUNCTION articles_article_search_words() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF articles_search_deferred() THEN
            RETURN NULL;
        END IF;
        IF TG_OP = 'INSERT' THEN
            INSERT INTO articles_searchword (word)
            SELECT DISTINCT word
              FROM new_articles,
                   articles_search_words(concat_ws(' ', headline, standfirst, body)) AS word
             ORDER BY word
            ON CONFLICT DO NOTHING;
        ELSE
            -- Only rows whose text changed; MATERIALIZED so that the words are not looked for
            -- in every updated row before the comparison.
            WITH changed AS MATERIALIZED (
                SELECT concat_ws(' ', n.headline, n.standfirst, n.body) AS text
                  FROM new_articles AS n
                  JOIN old_articles AS o ON o.id = n.id
                 WHERE (n.headline, n.standfirst, n.body)
                       IS DISTINCT FROM (o.headline, o.standfirst, o.body)
            )
            INSERT INTO articles_searchword (word)
            SELECT DISTINCT word FROM changed, articles_search_words(changed.text) AS word
             ORDER BY word
            ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    # Bylines and tag links: refresh the articles whose rows were inserted, deleted or updated.
    """
    CREATE FUNCTION articles_search_links_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF articles_search_deferred() THEN
            RETURN NULL;
        END IF;
        IF TG_OP = 'INSERT' THEN
            PERFORM articles_search_refresh_names(
                ARRAY(SELECT DISTINCT article_id FROM new_links));
        ELSIF TG_OP = 'DELETE' THEN
            PERFORM articles_search_refresh_names(
                ARRAY(SELECT DISTINCT article_id FROM old_links));
        ELSE
            PERFORM articles_search_refresh_names(
                ARRAY(SELECT article_id FROM new_links UNION SELECT article_id FROM old_links));
        END IF;
        RETURN NULL;
    END
    $$
    """,
    # Authors and tags: learn their words; on a rename, refresh their articles.
    """
    CREATE FUNCTION articles_search_names_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF articles_search_deferred() THEN
            RETURN NULL;
        END IF;
        IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'articles_author' THEN
            PERFORM articles_search_refresh_names(ARRAY(
                SELECT DISTINCT link.article_id
                  FROM new_names AS n
                  JOIN old_names AS o ON o.id = n.id
                  JOIN articles_byline AS link ON link.author_id = n.id
                 WHERE n.name IS DISTINCT FROM o.name));
        ELSIF TG_OP = 'UPDATE' THEN
            PERFORM articles_search_refresh_names(ARRAY(
                SELECT DISTINCT link.article_id
                  FROM new_names AS n
                  JOIN old_names AS o ON o.id = n.id
                  JOIN articles_article_tags AS link ON link.tag_id = n.id
                 WHERE n.name IS DISTINCT FROM o.name));
        END IF;
        INSERT INTO articles_searchword (word)
        SELECT DISTINCT word FROM new_names, articles_search_words(name) AS word
         ORDER BY word
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END
    $$
    """,
]

TRIGGERS = [
    """
    CREATE TRIGGER articles_article_search_fill
    BEFORE INSERT OR UPDATE OF headline, standfirst, body ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_fill()
    """,
    """
    CREATE TRIGGER articles_article_search_words_insert AFTER INSERT ON articles_article
    REFERENCING NEW TABLE AS new_articles
    FOR EACH STATEMENT EXECUTE FUNCTION articles_article_search_words()
    """,
    """
    CREATE TRIGGER articles_article_search_words_update AFTER UPDATE ON articles_article
    REFERENCING OLD TABLE AS old_articles NEW TABLE AS new_articles
    FOR EACH STATEMENT EXECUTE FUNCTION articles_article_search_words()
    """,
]
for table in ("articles_byline", "articles_article_tags"):
    TRIGGERS += [
        f"""
        CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table}
        REFERENCING NEW TABLE AS new_links
        FOR EACH STATEMENT EXECUTE FUNCTION articles_search_links_changed()
        """,
        f"""
        CREATE TRIGGER {table}_search_update AFTER UPDATE ON {table}
        REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links
        FOR EACH STATEMENT EXECUTE FUNCTION articles_search_links_changed()
        """,
        f"""
        CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table}
        REFERENCING OLD TABLE AS old_links
        FOR EACH STATEMENT EXECUTE FUNCTION articles_search_links_changed()
        """,
    ]
for table in ("articles_author", "articles_tag"):
    TRIGGERS += [
        f"""
        CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table}
        REFERENCING NEW TABLE AS new_names
        FOR EACH STATEMENT EXECUTE FUNCTION articles_search_names_changed()
        """,
        f"""
        CREATE TRIGGER {table}_search_update AFTER UPDATE ON {table}
        REFERENCING OLD TABLE AS old_names NEW TABLE AS new_names
        FOR EACH STATEMENT EXECUTE FUNCTION articles_search_names_changed()
        """,
    ]

# Partial, like the listing indexes: readers only ever search published articles.
INDEXES = [
    "CREATE INDEX article_search_vector_idx ON articles_article USING gin (search_vector) "
    "WHERE status = 'published'",
    "CREATE INDEX article_search_headline_idx ON articles_article USING gin (search_headline) "
    "WHERE status = 'published'",
    "CREATE INDEX article_search_summary_idx ON articles_article USING gin (search_summary) "
    "WHERE status = 'published'",
    "CREATE INDEX searchword_trigram_idx ON articles_searchword USING gin (word gin_trgm_ops)",
]

# Articles that exist already (an upgraded site).
BACKFILL = [
    "SELECT articles_search_rebuild(ARRAY(SELECT id FROM articles_article))",
    """
    INSERT INTO articles_searchword (word)
    SELECT DISTINCT word FROM (
        SELECT articles_search_words(name) AS word FROM articles_author
        UNION ALL SELECT articles_search_words(name) FROM articles_tag
    ) AS words
    ON CONFLICT DO NOTHING
    """,
]

TRIGGER_NAMES = {
    "articles_article": [
        "articles_article_search_fill",
        "articles_article_search_words_insert",
        "articles_article_search_words_update",
    ],
    "articles_byline": [f"articles_byline_search_{op}" for op in ("insert", "update", "delete")],
    "articles_article_tags": [
        f"articles_article_tags_search_{op}" for op in ("insert", "update", "delete")
    ],
    "articles_author": ["articles_author_search_insert", "articles_author_search_update"],
    "articles_tag": ["articles_tag_search_insert", "articles_tag_search_update"],
}
DROP = [
    *(
        f"DROP TRIGGER IF EXISTS {name} ON {table}"
        for table, names in TRIGGER_NAMES.items()
        for name in names
    ),
    "DROP FUNCTION IF EXISTS articles_search_names_changed()",
    "DROP FUNCTION IF EXISTS articles_search_links_changed()",
    "DROP FUNCTION IF EXISTS articles_article_search_words()",
    "DROP FUNCTION IF EXISTS articles_article_search_fill()",
    "DROP FUNCTION IF EXISTS articles_search_rebuild(bigint[])",
    "DROP FUNCTION IF EXISTS articles_search_refresh_names(bigint[])",
    "DROP FUNCTION IF EXISTS articles_search_words(text)",
    "DROP FUNCTION IF EXISTS articles_search_document(text, text, text, text)",
    "DROP FUNCTION IF EXISTS articles_search_names(bigint)",
    "DROP FUNCTION IF EXISTS articles_search_deferred()",
    "DROP INDEX IF EXISTS article_search_vector_idx",
    "DROP INDEX IF EXISTS article_search_headline_idx",
    "DROP INDEX IF EXISTS article_search_summary_idx",
    "DROP INDEX IF EXISTS searchword_trigram_idx",
]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.CharField(max_length=40, primary_key=True, serialize=False)),
            ],
        ),
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="search_headline",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="search_summary",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        RunSQLOnPostgreSQL(
            # Django's foreign keys are deferred: the backfill leaves checks pending, and
            # PostgreSQL will not build an index on a table with pending checks.
            sql=FUNCTIONS + BACKFILL + ["SET CONSTRAINTS ALL IMMEDIATE"] + TRIGGERS + INDEXES,
            reverse_sql=DROP,
        ),
    ]
