/**
 * The job queue's address (`--queue redis://[user:password@]HOST:PORT[/DB]`, or `rediss://` for
 * TLS), and a check that it answers before anything is enqueued or a worker starts, so an
 * unreachable or mistyped address fails within seconds with a message instead of retrying for
 * ever (ioredis's default).
 */
import type { RedisOptions } from 'bullmq';
import { Redis, type RedisOptions as ClientOptions } from 'ioredis';

/** One queue for every sweep; tasks are named by their content hash, so sweeps cannot collide. */
export const QUEUE_NAME = 'moe-tasks';
/** Redis key prefix of the queue's keys, so they sit apart from other data in the same database. */
export const QUEUE_PREFIX = 'moe';
const PROBE_TIMEOUT_MS = 3000;

export type QueueAddress = { options: RedisOptions; shown: string } | { error: string };

export function parseQueueUrl(text: string): QueueAddress {
    let url: URL;
    try {
        url = new URL(text);
    } catch {
        return { error: `--queue ${text}: not a URL; expected redis://HOST:PORT` };
    }
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
        return {
            error: `--queue ${text}: the queue must be a Redis URL (redis:// or rediss://), not ${url.protocol}//`
        };
    }
    if (!url.hostname) return { error: `--queue ${text}: the URL names no host` };
    const port = url.port === '' ? 6379 : Number(url.port);
    const dbText = url.pathname.replace(/^\//, '');
    const db = dbText === '' ? 0 : /^\d+$/.test(dbText) ? Number(dbText) : NaN;
    if (!Number.isSafeInteger(db) || db > 15)
        return { error: `--queue ${text}: the database must be a number from 0 to 15, not '${dbText}'` };
    // The password never appears in messages.
    const shown = `${url.protocol}//${url.hostname}:${port}${db === 0 ? '' : `/${db}`}`;
    return {
        shown,
        options: {
            host: url.hostname.replace(/^\[|\]$/g, ''),
            port,
            db,
            username: url.username ? decodeURIComponent(url.username) : undefined,
            password: url.password ? decodeURIComponent(url.password) : undefined,
            tls: url.protocol === 'rediss:' ? {} : undefined,
            // BullMQ's workers need commands to wait for a reconnect rather than fail.
            maxRetriesPerRequest: null
        }
    };
}

/** Undefined when the server answers PING within a few seconds, else the reason. */
export async function probeQueue(options: RedisOptions): Promise<string | undefined> {
    const client = new Redis({
        ...(options as ClientOptions),
        lazyConnect: true,
        connectTimeout: PROBE_TIMEOUT_MS,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
        enableOfflineQueue: false
    });
    // The socket's own error (ECONNREFUSED, ENOTFOUND...) says more than connect()'s rejection.
    let socketError: NodeJS.ErrnoException | undefined;
    client.on('error', (error: NodeJS.ErrnoException) => {
        socketError ??= error;
    });
    const timeout = new Promise<string>(resolve =>
        setTimeout(() => resolve(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`), PROBE_TIMEOUT_MS + 500).unref()
    );
    try {
        const answer = await Promise.race([client.connect().then(() => client.ping()), timeout]);
        return answer === 'PONG' ? undefined : String(answer);
    } catch (error) {
        const e = socketError ?? (error as NodeJS.ErrnoException);
        return e.code ?? e.message;
    } finally {
        client.disconnect();
    }
}
