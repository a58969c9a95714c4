-- Upload processing writes one alert, one instance and one analysis result per kept result (tens
-- of thousands per upload) with COPY. PostgreSQL checks a foreign key with one trigger query per
-- inserted row, which was about a third of the database time of processing. These three keys are
-- kept by the code instead, which is their only writer:
--  * alert.repo_id: written by upload processing under the scan_repository row lock; repositories
--    are never deleted.
--  * alert_instance.alert_id: instances are written with ids of alerts inserted or found in the
--    same transaction; alerts are deleted only once they have no instance (AnalysisRepository).
--  * analysis_result.analysis_id: written for the analysis inserted in the same transaction;
--    deleting an analysis deletes its results in the same statement (AnalysisRepository).
ALTER TABLE alert DROP CONSTRAINT IF EXISTS alert_repo_id_fkey;
ALTER TABLE alert_instance DROP CONSTRAINT IF EXISTS alert_instance_alert_id_fkey;
ALTER TABLE analysis_result DROP CONSTRAINT IF EXISTS analysis_result_analysis_id_fkey;
