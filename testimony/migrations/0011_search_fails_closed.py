"""Search entries never outlive the text or the place they were made from.

Saves through the models re-index in the same transaction (testimony/search/
signals.py). A change made any other way (a bulk update, SQL) cannot rebuild an
entry's text vectors, which the application makes; so the database removes the
entry instead, and search fails closed: the record is missing from search until
``rebuild_search_index``, never found by text it no longer holds. Saves through
the models remove and re-make the entry in the same transaction.

A segment moved to another testimony takes that testimony's disclosure copies.
The copies are rewritten only when what they copy changes, not on every save.
"""

from django.db import migrations

FORGET = """
CREATE FUNCTION search_entries_forget(entry_kind text, ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    WITH gone AS (DELETE FROM testimony_searchentry
                  WHERE kind = entry_kind AND record_id = ANY(ids) RETURNING id)
    DELETE FROM testimony_searchtext WHERE entry_id IN (SELECT id FROM gone);
$$;

CREATE FUNCTION search_entries_forget_testimony() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_entries_forget('testimony', ARRAY[OLD.id]);
    RETURN NULL;
END $$;
CREATE TRIGGER search_entries_forget_testimony
    AFTER UPDATE OF title, summary, catalogue_id ON testimony_testimony FOR EACH ROW
    WHEN ((OLD.title, OLD.summary, OLD.catalogue_id)
          IS DISTINCT FROM (NEW.title, NEW.summary, NEW.catalogue_id))
    EXECUTE FUNCTION search_entries_forget_testimony();

CREATE FUNCTION search_entries_forget_transcript() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_entries_forget(
        'testimony', ARRAY_REMOVE(ARRAY[NEW.testimony_id, OLD.testimony_id], NULL));
    RETURN NULL;
END $$;
CREATE TRIGGER search_entries_forget_transcript
    AFTER INSERT OR UPDATE OR DELETE ON testimony_transcript
    FOR EACH ROW EXECUTE FUNCTION search_entries_forget_transcript();

CREATE FUNCTION search_entries_forget_segment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_entries_forget('segment', ARRAY[OLD.id]);
    RETURN NULL;
END $$;
CREATE TRIGGER search_entries_forget_segment
    AFTER UPDATE OF title, synopsis, transcript_excerpt ON testimony_segment FOR EACH ROW
    WHEN ((OLD.title, OLD.synopsis, OLD.transcript_excerpt)
          IS DISTINCT FROM (NEW.title, NEW.synopsis, NEW.transcript_excerpt))
    EXECUTE FUNCTION search_entries_forget_segment();
CREATE TRIGGER search_entries_forget_deleted_segment
    AFTER DELETE ON testimony_segment
    FOR EACH ROW EXECUTE FUNCTION search_entries_forget_segment();

CREATE OR REPLACE FUNCTION search_entries_follow_segment() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE testimony_searchentry SET testimony_id = NEW.testimony_id
    WHERE kind = 'segment' AND record_id = NEW.id;
    RETURN NULL;
END $$;

DROP TRIGGER search_entries_follow_segment ON testimony_segment;
CREATE TRIGGER search_entries_follow_segment
    AFTER UPDATE OF is_closed, testimony_id ON testimony_segment FOR EACH ROW
    WHEN ((OLD.is_closed, OLD.testimony_id) IS DISTINCT FROM (NEW.is_closed, NEW.testimony_id))
    EXECUTE FUNCTION search_entries_follow_segment();
DROP TRIGGER search_entries_follow_testimony ON testimony_testimony;
CREATE TRIGGER search_entries_follow_testimony
    AFTER UPDATE OF status, collection_id ON testimony_testimony FOR EACH ROW
    WHEN ((OLD.status, OLD.collection_id) IS DISTINCT FROM (NEW.status, NEW.collection_id))
    EXECUTE FUNCTION search_entries_follow_testimony();
"""

REMEMBER = """
DROP TRIGGER search_entries_follow_testimony ON testimony_testimony;
CREATE TRIGGER search_entries_follow_testimony AFTER UPDATE OF status, collection_id
    ON testimony_testimony FOR EACH ROW EXECUTE FUNCTION search_entries_follow_testimony();
DROP TRIGGER search_entries_follow_segment ON testimony_segment;
CREATE TRIGGER search_entries_follow_segment AFTER UPDATE OF is_closed, testimony_id
    ON testimony_segment FOR EACH ROW EXECUTE FUNCTION search_entries_follow_segment();
DROP TRIGGER search_entries_forget_deleted_segment ON testimony_segment;
DROP TRIGGER search_entries_forget_segment ON testimony_segment;
DROP TRIGGER search_entries_forget_transcript ON testimony_transcript;
DROP TRIGGER search_entries_forget_testimony ON testimony_testimony;
DROP FUNCTION search_entries_forget_segment();
DROP FUNCTION search_entries_forget_transcript();
DROP FUNCTION search_entries_forget_testimony();
DROP FUNCTION search_entries_forget(text, bigint[]);
CREATE OR REPLACE FUNCTION search_entries_follow_segment() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE testimony_searchentry SET testimony_id = testimony_id
    WHERE kind = 'segment' AND record_id = NEW.id;
    RETURN NULL;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("testimony", "0010_search_titles_first")]

    operations = [migrations.RunSQL(FORGET, REMEMBER)]
