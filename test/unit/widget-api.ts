// Steering the double of createWidgetApi (test/unit/widget-api-double.mjs) from a test page.
import { executeServerCommand } from '@web/test-runner-commands';

/** Where the double is mounted: the `endpoint` of the tests. */
export const BASE = '/double-api';

/** A command to the double: `reset`, `state`, `redirect`, `bind`, `answer`, `requests`, `streams`, `close-streams`, `sse`. */
export const api = <T = unknown>(payload: Record<string, unknown>) => executeServerCommand<T, Record<string, unknown>>('widget-api', payload);
