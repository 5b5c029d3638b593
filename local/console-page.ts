/** The admin console's page in the local cloud: for now a guide to what the API offers. */
export function consolePage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>After-sales · local cloud</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:0 .3em}</style>
</head><body>
<h1>After-sales automation · local cloud</h1>
<p>The local cloud is running. Admin routes need <code>Authorization: Bearer &lt;ADMIN_TOKEN&gt;</code>.</p>
<ul>
<li><code>GET /admin/cases?storeId=…</code> — cases and their workflow executions</li>
<li><code>GET /admin/tasks?storeId=…&amp;status=open</code> — human tasks waiting for a decision</li>
<li><code>GET /admin/executions?workflow=returns</code> — executions, as the Step Functions console lists them</li>
<li><code>GET /local/clock</code>, <code>POST /local/clock {"advance":"PT48H"}</code> — the local clock</li>
<li><code>GET /local/schedules</code> — schedules and their next run</li>
</ul>
</body></html>`;
}
