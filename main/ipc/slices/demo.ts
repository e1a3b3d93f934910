import { channel } from '../channel';
import { doneSchema, emptySchema } from './common';

/** The training PPE (main/demo). */

export const demoChannels = {
  /** A station that is not set up yet becomes the training PPE (demo data, demo RCOI key); journaled. */
  'setup/startTraining': channel({ access: 'public', request: emptySchema, response: doneSchema }),
} as const;
