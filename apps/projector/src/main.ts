import { runProjector } from './run-projector.js';

/** The container's command (docker-compose.yml); `cellpath projector` is the same start. */
await runProjector();
