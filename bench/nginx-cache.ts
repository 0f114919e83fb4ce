/**
 * nginx with proxy_cache_lock in front of the origin: the fan-out bench's comparison edge. A
 * request that finds the cache locked re-checks on a timer (ngx_http_file_cache.c), instead of
 * being woken when the response arrives; this is what the bench measures.
 */
import { freePort } from '../src/edge/free-port.ts';
import { startNginx, type RunningNginx } from './nginx.ts';

export type { RunningNginx };

export async function startNginxCache(originPort: number): Promise<RunningNginx | null> {
  const port = await freePort();
  // Same intent as edge/glassmeter.vcl: key on the path and the delivery directives, lock
  // identical misses onto one origin request, never give up before the origin's hold ends.
  return startNginx({
    port,
    readyPath: '/live/',
    main: 'worker_rlimit_nofile 20000;',
    workerConnections: 12000,
    http: (dir) => `  proxy_cache_path ${dir}/cache levels=1:2 keys_zone=gm:10m max_size=256m inactive=10m use_temp_path=off;
  upstream origin { server 127.0.0.1:${originPort}; keepalive 32; }
  server {
    listen 127.0.0.1:${port} backlog=8192;
    location /live/ {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache gm;
      proxy_cache_key "$uri?_HLS_msn=$arg__HLS_msn&_HLS_part=$arg__HLS_part&_HLS_skip=$arg__HLS_skip";
      proxy_cache_lock on;
      proxy_cache_lock_timeout 15s;
      proxy_cache_lock_age 15s;
      proxy_read_timeout 15s;
      add_header X-Cache $upstream_cache_status always;
    }
  }`,
  });
}
