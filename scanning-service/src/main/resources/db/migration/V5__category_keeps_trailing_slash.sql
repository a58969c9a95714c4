-- GitHub's category is automationDetails.id up to and including its last "/" (frontend/run1 ->
-- frontend/); V2-V4 stored it without that slash. Alert identity includes the category, so every
-- table that holds one moves together.
UPDATE analysis       SET category = category || '/' WHERE category <> '' AND category NOT LIKE '%/';
UPDATE alert          SET category = category || '/' WHERE category <> '' AND category NOT LIKE '%/';
UPDATE alert_instance SET category = category || '/' WHERE category <> '' AND category NOT LIKE '%/';
