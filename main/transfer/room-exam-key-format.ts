import { z } from 'zod';
import { EXAM_KEY_FILE_MAX_BYTES } from '../exam-keys/key-file-format';

/**
 * The payload of `room.exam_key` (HQ → a room, sealed, dated; FORMAT.md «Kinds»): one key file to the exam materials
 * exactly as RCOI signed it (main/exam-keys/key-file-format.ts), text for text, so the room station checks RCOI's own
 * signature against the key it pinned at set-up rather than trusting HQ's word. The package key inside is wrapped to
 * the GEK members' tokens: the message opens nothing by itself. One message per key file (the main key, each reserve
 * key). Read and recorded by main/exam-keys/room-exam-key.ts.
 */
export const roomExamKeySchema = z.strictObject({
  payloadVersion: z.literal(1),
  envelope: z.string().min(1).max(EXAM_KEY_FILE_MAX_BYTES),
});
export type RoomExamKey = z.infer<typeof roomExamKeySchema>;
