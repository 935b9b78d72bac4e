-- The device a code request expects the code from (the helper's --device), as its serial number; NULL for the one the
-- engineer used last. The page preselects it; the engineer may still pick another there.
ALTER TABLE code_request ADD COLUMN serial_number VARCHAR(256);
