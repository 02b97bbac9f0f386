import { ConfigError } from '@ceg/config';
import { exitOnSignals } from '@ceg/kit/runtime';
import { gatewayConfig } from './config';
import { startGateway } from './server';

try {
  const config = gatewayConfig();
  startGateway(config)
    .then((gw) => exitOnSignals(gw.stop, gw.log))
    .catch((err) => {
      console.error('gateway failed to start:', err);
      process.exit(1);
    });
} catch (err) {
  console.error(err instanceof ConfigError ? `gateway: ${err.message}` : err);
  process.exit(1);
}
