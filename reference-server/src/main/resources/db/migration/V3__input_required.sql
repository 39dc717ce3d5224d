-- WF-04: the question an INPUT_REQUIRED run waits on (null in any other status).
ALTER TABLE runs ADD COLUMN question_node_id      VARCHAR(64);
ALTER TABLE runs ADD COLUMN question_tool_call_id VARCHAR;
ALTER TABLE runs ADD COLUMN question_text         TEXT;
