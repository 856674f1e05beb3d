// Entry point: `node dist/server.js` (or `node --watch src/server.ts` in development).
import { createApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger } from './log.ts';
import { installShutdown } from './shutdown.ts';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: err.message })}\n`);
  process.exit(2);
}

const log = createLogger(config.logLevel);

const crash = () => {
  log.error('crash requested: exiting with code 1');
  process.exit(1);
};

process.on('uncaughtException', (err) => {
  log.error('uncaught exception', { error: err.stack ?? String(err) });
  process.exit(1);
});

const { server, readiness, stress } = createApp(config, log, crash);

installShutdown({
  server,
  readiness,
  stress,
  log,
  delaySeconds: config.shutdownDelaySeconds,
  timeoutSeconds: config.shutdownTimeoutSeconds,
});

server.on('error', (err: NodeJS.ErrnoException) => {
  const hint = err.code === 'EADDRINUSE' ? `; port ${config.port} is taken: set PORT to another one` : '';
  log.error(`cannot listen: ${err.message}${hint}`);
  process.exit(1);
});

server.listen({ port: config.port, host: config.host }, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info('listening', {
    port,
    host: config.host ?? 'all interfaces',
    app_name: config.appName,
    version: config.appVersion,
    app_env: config.appEnv,
    server: config.hostname,
    node: process.version,
  });
});
