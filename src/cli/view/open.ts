import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LessonObserver } from '../../course/observer.js';
import type { Session } from '../../kube/connect.js';
import { lessonState } from './lesson-state.js';
import { watchCluster } from './live.js';
import { project, type Picture } from './picture.js';
import { startViewServer, type Asset } from './server.js';

export interface OpenView {
  url: string;
  /** Hand to the runner so that the page follows the lesson. */
  observer: LessonObserver;
  /** Resolves when a page is open, or after `ms`, or on `signal` (Ctrl-C), whichever comes first. */
  pageOpen(ms: number, signal?: AbortSignal): Promise<boolean>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { 'index.html': 'text/html; charset=utf-8', 'view.css': 'text/css; charset=utf-8', 'view.js': 'text/javascript; charset=utf-8' };

/** The page's files: beside the bundle in dist/view-page/ (copied by the build), or beside this file in a clone. */
function loadAssets(): Record<string, Asset> {
  const dir = [new URL('./view-page/', import.meta.url), new URL('./page/', import.meta.url)].map((u) => fileURLToPath(u)).find((d) => existsSync(d));
  if (!dir) throw new Error('the live view\'s page files are missing (dist/view-page/); rebuild with `npm run build`');
  return Object.fromEntries(Object.entries(TYPES).map(([name, type]) => [name, { type, body: readFileSync(`${dir}/${name}`, 'utf8') }]));
}

/**
 * Opens the live view of the session's namespace: watches, the picture, the local server.
 * The picture is recomputed at most once per turn of the event loop, however many events arrive.
 */
export async function openView(session: Session): Promise<OpenView> {
  let scheduled = false;
  let picture: Picture | undefined;
  let server: Awaited<ReturnType<typeof startViewServer>> | undefined;
  const changed = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      picture = undefined;
      server?.publish(current());
    });
  };
  const lesson = lessonState(changed);
  const live = watchCluster(session.kube, changed);
  const current = (): Picture => {
    const shown = lesson.current();
    picture ??= project(live.store, { namespace: session.kube.namespace, context: session.cluster.name, connected: live.connected, ...(shown ? { lesson: shown } : {}) });
    return picture;
  };
  try {
    server = await startViewServer({ assets: loadAssets(), current });
  } catch (error) {
    live.stop();
    throw error;
  }
  const opened = server;
  return {
    url: opened.url,
    observer: lesson.observer,
    async pageOpen(ms, signal) {
      let timer: NodeJS.Timeout | undefined;
      let onAbort: (() => void) | undefined;
      const giveUp = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), ms);
        onAbort = () => resolve(false);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      const open = await Promise.race([opened.firstPage.then(() => true), giveUp]);
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      return open;
    },
    async close() {
      live.stop();
      await opened.close();
    },
  };
}
