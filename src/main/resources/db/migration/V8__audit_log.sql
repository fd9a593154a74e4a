-- shared: who changed what, when, with the state before and after
CREATE TABLE audit_log (
    id         bigserial PRIMARY KEY,
    at         timestamptz NOT NULL,
    actor      text NOT NULL,
    action     text NOT NULL,
    subject    text NOT NULL,
    before     jsonb,
    after      jsonb
);

CREATE INDEX audit_log_subject_idx ON audit_log (subject, id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- payments of approved dividend lines, kept apart so the lines themselves stay final
CREATE TABLE dividend_payment (
    run_id     uuid NOT NULL,
    line_no    int NOT NULL,
    reference  text NOT NULL CHECK (length(reference) BETWEEN 1 AND 200),
    paid_at    timestamptz NOT NULL,
    paid_by    text NOT NULL,
    PRIMARY KEY (run_id, line_no),
    FOREIGN KEY (run_id, line_no) REFERENCES dividend_run_line (run_id, line_no)
);
