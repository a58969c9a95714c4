-- The SARIF view of an analysis is rebuilt from the stored upload (sarif_payload) instead of from a
-- row per kept result: processing wrote an alert, an instance and a result row per result, and the
-- result rows (with their primary-key index) were a third of that work for one read path that the
-- kept upload serves as well. Alert numbers are found through alert (repo_id, key_digest).
DROP TABLE IF EXISTS analysis_result;
