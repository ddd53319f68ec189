-- Operator roles (ADR-0043). Accounts made before roles existed could do everything, and one of them may be the only
-- account that can still manage the others: they become admin, so an upgrade locks nobody out.
ALTER TABLE operator_user ADD COLUMN role TEXT NOT NULL DEFAULT 'admin'
    CHECK (role IN ('admin', 'operator', 'viewer'));
