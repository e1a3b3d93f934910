-- 0050: roles belong to exam days. A person's role on a day comes from their assignment for that day's exam
-- (staff_assignment.role_code); staff.role_code is the base role entered at set-up, which bundles never change.
-- A person first met in a distribution bundle has no base role: on days without an assignment they hold no duty
-- here (their staff.role_code only records the role that bundle named, for display).
ALTER TABLE staff ADD COLUMN from_bundle INTEGER NOT NULL DEFAULT 0 CHECK (from_bundle IN (0, 1));

-- The role of the day is looked up by the exam's date on every call.
CREATE INDEX staff_assignment_by_staff ON staff_assignment (staff_id, exam_id);
