import { ensureLearnerFiles, learnerCopyNotice } from '../course/workdir.js';
import type { Ui } from '../ui/ui.js';

/** Makes (or brings up to date) the learner's copy of the course files, and says where it is the first time. */
export function announceLearnerCopy(ui: Ui): void {
  const notice = learnerCopyNotice(ensureLearnerFiles());
  if (notice) ui.say(notice);
}
