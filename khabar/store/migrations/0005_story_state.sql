-- 0005: the incremental clustering state of the stories pass (khabar.corpus.stories),
-- so that adding one article never re-clusters the store.

-- One row per clustered article: its feature vector (JSON), its event story, and the
-- canonical article it is a near-duplicate of (NULL for a canonical one).
CREATE TABLE story_docs (
    article_id  TEXT PRIMARY KEY,
    cluster_id  TEXT,
    dup_of      TEXT,
    minhash     TEXT,                -- hex MinHash signature (khabar.corpus.dedupe), or NULL
    data        TEXT NOT NULL
);
CREATE INDEX story_docs_cluster ON story_docs(cluster_id);
CREATE INDEX story_docs_dup ON story_docs(dup_of);

-- LSH buckets of the MinHash signatures: band key -> article.
CREATE TABLE dedupe_bands (
    band        TEXT NOT NULL,
    article_id  TEXT NOT NULL,
    PRIMARY KEY (band, article_id)
) WITHOUT ROWID;
CREATE INDEX dedupe_bands_article ON dedupe_bands(article_id);

-- Clusters (level 'event' or 'thread'): centroid, members, dates (JSON in data).
CREATE TABLE story_clusters (
    id          TEXT PRIMARY KEY,
    level       TEXT NOT NULL,
    parent_id   TEXT,
    data        TEXT NOT NULL
);

-- Inverted index: a story's strongest terms -> story.
CREATE TABLE story_postings (
    term        TEXT NOT NULL,
    cluster_id  TEXT NOT NULL,
    PRIMARY KEY (term, cluster_id)
) WITHOUT ROWID;

-- Document frequency of terms over clustered articles (row '' holds the article count).
CREATE TABLE story_df (
    term        TEXT PRIMARY KEY,
    df          INTEGER NOT NULL
) WITHOUT ROWID;
