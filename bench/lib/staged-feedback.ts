import { handler as feedback } from '../../handlers/feedback.js';
import { staged } from './stage-marks.js';

/** The feedback handler with its stages marked (see stage-marks.ts). */
export const handler = staged(feedback);
export { takeSamples } from './stage-marks.js';
