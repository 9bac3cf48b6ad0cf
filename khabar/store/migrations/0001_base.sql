-- 0001: articles, their full-text index, annotation layers, entities, stories, runs.
-- Plain tables and JSON text columns, so the file opens in Datasette or sqlite-utils
-- without khabar installed.

CREATE TABLE articles (
    id              TEXT PRIMARY KEY,      -- stable: from canonical URL, else normalised text
    source_key      TEXT NOT NULL UNIQUE,  -- url, or docno, or absolute path[#n]: finds a changed version
    external_id     TEXT,                  -- docno/id of a JSONL record, or the file name
    url             TEXT,
    outlet          TEXT,
    title           TEXT NOT NULL DEFAULT '',
    text            TEXT NOT NULL,
    text_hash       TEXT NOT NULL,
    published       TEXT,                  -- from metadata only; inferred dates live elsewhere
    published_source TEXT,
    dateline        TEXT,
    parent_id       TEXT,                  -- a related article split off another page
    source_path     TEXT,
    encoding        TEXT,
    data            TEXT NOT NULL,         -- the whole Article as JSON
    ingested_at     TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX articles_external_id ON articles(external_id);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_published ON articles(published);

-- Normalised title/body, and 'keys': the proclitic-stripped bases of tokens that have
-- any ('بألاسكا' -> 'الاسكا'), so a search for a bare name finds glued forms.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    article_id UNINDEXED, title, body, keys,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- One row per article and layer ('times', 'mentions', 'quotes', 'events', ...):
-- the spans as a JSON list, stamped with the annotator and the text they were computed on.
CREATE TABLE annotations (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    layer       TEXT NOT NULL,
    annotator   TEXT NOT NULL,
    text_hash   TEXT NOT NULL,
    n           INTEGER NOT NULL,
    data        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (article_id, layer)
);

-- What went wrong with one article in one annotator; the batch carried on.
CREATE TABLE annotation_errors (
    article_id  TEXT NOT NULL,
    annotator   TEXT NOT NULL,
    error       TEXT NOT NULL,
    at          TEXT NOT NULL
);

CREATE TABLE entities (
    id          TEXT PRIMARY KEY,
    type        TEXT NOT NULL,
    label_ar    TEXT NOT NULL,
    label_en    TEXT,
    wikidata    TEXT,
    data        TEXT NOT NULL           -- the whole Entity as JSON
);

-- Mention index for entity pages and filters.
CREATE TABLE mentions (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id   TEXT NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    type        TEXT NOT NULL
);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX mentions_article ON mentions(article_id);

CREATE TABLE stories (
    id          TEXT PRIMARY KEY,
    parent_id   TEXT,
    title       TEXT NOT NULL,
    size        INTEGER NOT NULL,
    first_date  TEXT,
    last_date   TEXT,
    data        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE TABLE story_articles (
    story_id    TEXT NOT NULL,
    article_id  TEXT NOT NULL,
    PRIMARY KEY (story_id, article_id)
);
CREATE INDEX story_articles_article ON story_articles(article_id);

-- Outputs of corpus passes (publication dates, timelines, summaries...), keyed by pass
-- and key, stamped with the pass version.
CREATE TABLE corpus_outputs (
    pass        TEXT NOT NULL,
    key         TEXT NOT NULL,
    version     TEXT NOT NULL,
    data        TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (pass, key)
);

CREATE TABLE runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    command     TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    stats       TEXT
);

-- What a run skipped and why (file, line, reason).
CREATE TABLE skipped (
    run_id      INTEGER,
    path        TEXT NOT NULL,
    line        INTEGER,
    reason      TEXT NOT NULL,
    at          TEXT NOT NULL
);
