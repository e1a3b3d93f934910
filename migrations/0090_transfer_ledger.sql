-- 0090: the transfer drive's ledger (issue 11, item 2; main/transfer/FORMAT.md). One row per message this station
-- wrote to the transfer drive ('sent', its own sequence) or took from it ('received', per sender). A received message
-- is applied in the same act as its row and its journal entry (transfer.received), so the row is the proof that it
-- was applied, and UNIQUE (direction, sender, receiver, seq) is what makes a second import of the same message a no-op: the
-- same sender and number with the same bytes is «already taken», with other bytes a refusal, never a second apply.
-- Refused files leave no row here (the journal has them: transfer.refused).
--
-- Append-only, like the journal: what was taken stays taken.
CREATE TABLE transfer_message (
  id INTEGER PRIMARY KEY,
  direction TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
  sender TEXT NOT NULL,                 -- the sending station's number (this station's own for 'sent')
  seq INTEGER NOT NULL CHECK (seq > 0), -- the sender's sequence number, counted per receiver
  receiver TEXT NOT NULL,               -- 'station:<number>', 'room:<code>' or 'hq'
  kind TEXT NOT NULL,                   -- main/transfer/transfer-kinds.ts
  exam_date TEXT,                       -- the PPE's local date, for kinds that belong to an exam
  created_at TEXT NOT NULL,             -- UTC instant, from the header
  sha256 TEXT NOT NULL,                 -- of the whole file as written or read
  file_name TEXT NOT NULL,
  recorded_at TEXT NOT NULL,            -- UTC instant this station wrote or took it
  UNIQUE (direction, sender, receiver, seq)
) STRICT;

CREATE TRIGGER transfer_message_is_append_only_update BEFORE UPDATE ON transfer_message
BEGIN SELECT RAISE(ABORT, 'the transfer ledger is append-only'); END;
CREATE TRIGGER transfer_message_is_append_only_delete BEFORE DELETE ON transfer_message
BEGIN SELECT RAISE(ABORT, 'the transfer ledger is append-only'); END;
