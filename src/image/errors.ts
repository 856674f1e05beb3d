// The image domain's error: a one-line message saying what went wrong, and a hint saying what to
// do (what to install or start). As a TutorError the CLI prints both and exits 2.
import { TutorError } from '../errors.js';

export class ImageLoadError extends TutorError {}
