import { z } from 'zod';

/**
 * What one individual kit (индивидуальный комплект, ИК) holds once its pack is decrypted on exam morning: the КИМ
 * (its 8-digit number, variant and pages of tasks) and the numbers of its blanks, each printed with its barcode.
 * Participant-independent, as in the real procedure: the participant writes their name on the registration blank.
 * The packs of an internet package carry kits in this shape (main/kits/KITS.md); it is the one contract between the
 * package (RCOI's builder, the decryption) and the documents that print it (main/documents/).
 */

/** A blank's number: 13 digits, as the federal forms print under the barcode. */
export const blankNumberSchema = z.string().regex(/^\d{13}$/);

export const kimTaskSchema = z
  .object({
    /** 1, 2, … within the КИМ. */
    number: z.number().int().min(1).max(99),
    /** The task's text: paragraphs separated by '\n'. */
    text: z.string().min(1).max(8_000),
  })
  .strict();

export const kimPageSchema = z
  .object({
    /** A heading at the top of the page (the part of the КИМ), or null for a continuation page. */
    heading: z.string().max(200).nullable(),
    tasks: z.array(kimTaskSchema).max(20),
  })
  .strict();

export const kitContentSchema = z
  .object({
    /** The kit's place in its package: 1 … the package's total kits (rooms' kits, then reserve kits). */
    index: z.number().int().min(1).max(10_000),
    kim: z
      .object({
        /** 8 digits, printed on every page and under the КИМ's barcode. */
        number: z.string().regex(/^\d{8}$/),
        variant: z.number().int().min(1).max(9_999),
        subjectCode: z.number().int().min(1).max(99),
        subjectName: z.string().min(1).max(100),
        pages: z.array(kimPageSchema).min(1).max(64),
      })
      .strict(),
    blanks: z
      .object({
        registration: blankNumberSchema,
        answers1: blankNumberSchema,
        /** Answers №2: sheet 1 and sheet 2. */
        answers2: z.tuple([blankNumberSchema, blankNumberSchema]),
      })
      .strict(),
  })
  .strict();

export type KitContent = z.infer<typeof kitContentSchema>;
export type KimPage = z.infer<typeof kimPageSchema>;
