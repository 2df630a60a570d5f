"""PostgreSQL full-text search: Dutch configuration, search documents, vocabulary

Revision ID: 0005_postgres_search
Revises: 0004_catalogue
Create Date: 2026-11-30 09:00:00.000000

Runs on PostgreSQL only; on SQLite it does nothing (Whoosh serves search there).

Everything lives in its own schema, `search`: these tables are a derived copy
of the pilots, not part of the ORM models, and Alembic's autogenerate compares
only the default schema, so they never show up as differences.

- `search.dutch`: the `dutch` configuration with `unaccent` before the stemmer,
  so `één` meets `een` and `Fryslân` meets `Fryslan`.
- `search.document`: one row per searchable pilot, written by the app in the
  transaction that changes the pilot. A trigger computes the weighted
  tsvector (title A, summary B, organisations and topics C, long texts D).
  Small columns stay in the row and large ones are moved out of it
  (toast_tuple_target), so counting facets over many matches reads a
  narrow table; `facet_keys` holds every facet value of the row in one array.
- `search.word`: the real words of all documents with their document counts,
  kept by statement triggers, for "Bedoelde u …?" (pg_trgm) and for letting
  singular and plural forms meet where the stemmer leaves them apart
  (`fiets` -> fiet, `fietsen` -> fiets).
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0005_postgres_search'
down_revision = '0004_catalogue'
branch_labels = None
depends_on = None


UPGRADE = r"""
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE SCHEMA search;

CREATE TEXT SEARCH CONFIGURATION search.dutch (COPY = pg_catalog.dutch);
ALTER TEXT SEARCH CONFIGURATION search.dutch
    ALTER MAPPING FOR word, hword, hword_part WITH unaccent, dutch_stem;

-- Lower-cased and without accents, as the configuration sees a word.
CREATE FUNCTION search.fold(word text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT lower(unaccent(word)) $$;

-- The stem of a stem: Snowball turns "fietsen" into "fiets" but "fiets" into
-- "fiet"; stemming once more lets both forms meet (empty for a stop word).
CREATE FUNCTION search.second_stem(lexeme text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce((ts_lexize('pg_catalog.dutch_stem', lexeme))[1], lexeme) $$;

CREATE FUNCTION search.first_stem(word text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce((tsvector_to_array(to_tsvector('search.dutch', word)))[1], search.fold(word)) $$;

CREATE TABLE search.document (
    doc_id text PRIMARY KEY,
    kind text NOT NULL,
    object_id integer NOT NULL,
    project_id integer REFERENCES public.project (id) ON DELETE CASCADE,
    slug text NOT NULL,
    title text NOT NULL,
    summary text NOT NULL,
    body text NOT NULL,
    context text NOT NULL,
    words text[] NOT NULL,
    owner_name text NOT NULL,
    phase text NOT NULL,
    province text,
    layer text,
    in_catalogue boolean NOT NULL DEFAULT false,
    themes text[] NOT NULL,
    organisations text[] NOT NULL,
    published_at timestamptz,
    score double precision,
    adopters integer NOT NULL DEFAULT 0,
    facet_keys text[] NOT NULL DEFAULT '{}',
    vector tsvector NOT NULL DEFAULT ''::tsvector,
    title_vector tsvector NOT NULL DEFAULT ''::tsvector
) WITH (toast_tuple_target = 128);

ALTER TABLE search.document
    ALTER COLUMN vector SET STORAGE EXTERNAL,
    ALTER COLUMN title_vector SET STORAGE EXTERNAL,
    ALTER COLUMN words SET STORAGE EXTERNAL,
    ALTER COLUMN facet_keys SET STORAGE PLAIN;

CREATE INDEX ix_search_document_vector ON search.document USING gin (vector);
CREATE INDEX ix_search_document_title_vector ON search.document USING gin (title_vector);
CREATE INDEX ix_search_document_facet_keys ON search.document USING gin (facet_keys);
-- The sort orders of the results page, so a page of pilots is read in order.
CREATE INDEX ix_search_document_newest
    ON search.document (published_at DESC NULLS LAST, object_id DESC);
CREATE INDEX ix_search_document_score
    ON search.document (score DESC NULLS LAST, published_at DESC NULLS LAST, object_id DESC);
CREATE INDEX ix_search_document_adopters
    ON search.document (adopters DESC, published_at DESC NULLS LAST, object_id DESC);
CREATE INDEX ix_search_document_project_id ON search.document (project_id);
CREATE INDEX ix_search_document_object_id ON search.document (object_id);

-- Every facet value of the document as "facet:value", so that counting all
-- facets over the matches is one pass over one small in-row array.
CREATE FUNCTION search.document_derived() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.facet_keys := ARRAY['phase:' || NEW.phase,
                            'catalogue:' || CASE WHEN NEW.in_catalogue THEN 'yes' ELSE 'no' END]
        || CASE WHEN NEW.province IS NULL THEN '{}'::text[] ELSE ARRAY['province:' || NEW.province] END
        || CASE WHEN NEW.layer IS NULL THEN '{}'::text[] ELSE ARRAY['layer:' || NEW.layer] END
        || ARRAY(SELECT DISTINCT 'theme:' || t FROM unnest(NEW.themes) AS t)
        || ARRAY(SELECT DISTINCT 'organisation:' || o FROM unnest(NEW.organisations) AS o);
    IF TG_OP = 'UPDATE'
       AND NEW.title IS NOT DISTINCT FROM OLD.title
       AND NEW.summary IS NOT DISTINCT FROM OLD.summary
       AND NEW.context IS NOT DISTINCT FROM OLD.context
       AND NEW.body IS NOT DISTINCT FROM OLD.body THEN
        NEW.vector := OLD.vector;
        NEW.title_vector := OLD.title_vector;
        RETURN NEW;
    END IF;
    NEW.title_vector := to_tsvector('search.dutch', NEW.title);
    NEW.vector := setweight(NEW.title_vector, 'A')
        || setweight(to_tsvector('search.dutch', NEW.summary), 'B')
        || setweight(to_tsvector('search.dutch', NEW.context), 'C')
        || setweight(to_tsvector('search.dutch', NEW.body), 'D');
    RETURN NEW;
END $$;

CREATE TRIGGER document_derived BEFORE INSERT OR UPDATE ON search.document
    FOR EACH ROW EXECUTE FUNCTION search.document_derived();

CREATE TABLE search.word (
    word text PRIMARY KEY,
    written text NOT NULL,
    documents integer NOT NULL,
    stem1 text NOT NULL,
    stem2 text NOT NULL
);
CREATE INDEX ix_search_word_trigram ON search.word USING gin (word gin_trgm_ops);
CREATE INDEX ix_search_word_stem2 ON search.word (stem2);

-- Add `delta` documents to each written word; rows are taken in key order
-- so that concurrent saves never deadlock on the vocabulary.
CREATE FUNCTION search.count_words(changes text[], deltas integer[]) RETURNS void
    LANGUAGE sql AS $$
    INSERT INTO search.word AS w (word, written, documents, stem1, stem2)
    SELECT key, min(written), sum(delta), search.first_stem(min(written)),
           search.second_stem(search.first_stem(min(written)))
    FROM (SELECT search.fold(c.written) AS key, c.written, c.delta
          FROM unnest(changes, deltas) AS c (written, delta)) AS folded
    GROUP BY key
    HAVING sum(delta) <> 0
    ORDER BY key
    ON CONFLICT (word) DO UPDATE SET documents = w.documents + EXCLUDED.documents
$$;

CREATE FUNCTION search.words_inserted() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search.count_words(array_agg(w), array_agg(1))
    FROM new_rows, unnest(new_rows.words) AS w;
    RETURN NULL;
END $$;

CREATE FUNCTION search.words_deleted() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search.count_words(array_agg(w), array_agg(-1))
    FROM old_rows, unnest(old_rows.words) AS w;
    RETURN NULL;
END $$;

CREATE FUNCTION search.words_updated() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search.count_words(array_agg(change.w), array_agg(change.delta))
    FROM new_rows JOIN old_rows USING (doc_id)
    CROSS JOIN LATERAL (
        (SELECT w, 1 AS delta FROM unnest(new_rows.words) AS w
         EXCEPT SELECT w, 1 FROM unnest(old_rows.words) AS w)
        UNION ALL
        (SELECT w, -1 FROM unnest(old_rows.words) AS w
         EXCEPT SELECT w, -1 FROM unnest(new_rows.words) AS w)
    ) AS change
    WHERE new_rows.words IS DISTINCT FROM old_rows.words;
    RETURN NULL;
END $$;

CREATE FUNCTION search.words_truncated() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE search.word;
    RETURN NULL;
END $$;

CREATE TRIGGER words_inserted AFTER INSERT ON search.document
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search.words_inserted();
CREATE TRIGGER words_deleted AFTER DELETE ON search.document
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search.words_deleted();
CREATE TRIGGER words_updated AFTER UPDATE ON search.document
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search.words_updated();
CREATE TRIGGER words_truncated AFTER TRUNCATE ON search.document
    FOR EACH STATEMENT EXECUTE FUNCTION search.words_truncated();

-- Pilots published before this migration reach the new tables through the
-- outbox: the next search or `registry search sync` applies them.
INSERT INTO search_outbox (kind, object_id, created_at)
SELECT 'project', id, now() FROM project
WHERE visibility = 'published' AND hidden_at IS NULL
ORDER BY id;
"""

# The extensions stay: other schemas may use them, and they cost nothing.
DOWNGRADE = """
DROP SCHEMA IF EXISTS search CASCADE;
"""


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(UPGRADE)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(DOWNGRADE)
