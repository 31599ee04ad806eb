"""Prints, as a psql script, a claim (claim.sql) followed by the outcome statement of a HistoryWriter.cs for the claimed rows, rolled back."""
import re,sys
src=open(sys.argv[1]).read()
m=re.search(r'private const string RecordSql = \$*"""\n(.*?)\n\s*""";', src, re.S)
sql=m.group(1)
subs={'QuotaCounters.Attempts':'owner_attempt_minutes','QuotaCounters.HostAttempts':'owner_host_attempt_minutes','QuotaCounters.UrlHost':'cronhooks_url_host','QuotaCounters.BodyBytes':'owner_body_bytes_days','QuotaCounters.Today':"(now() AT TIME ZONE 'UTC')::date",'nameof(ExecutionTrigger.Retry)':'Retry'}
sql=re.sub(r'\{\{nameof\([A-Za-z.]*?\.(\w+)\)\}\}', r'\1', sql)  # nameof_generic
for k,v in subs.items(): sql=sql.replace('{{'+k+'}}',v).replace('{'+k+'}',v)
scal={'node':"'n1'",'recovered_kind':"'webhook.recovered'",'body_quota':'1000000000000','reduced_body':'1024'}
for k,v in scal.items(): sql=re.sub('@'+k+r'\b',v,sql)
sql=re.sub(r'ANY \(@(ids|webhook_ids)\)', r'ANY ((SELECT \1 FROM p)::uuid[])', sql); sql=re.sub(r'@(\w+)', r'(SELECT \1 FROM p)', sql)
sql='\n'.join(l for l in sql.split('\n') if not l.strip().startswith('--'))
claim=open('claim.sql').read().replace('BEGIN;','').replace('ROLLBACK;','').replace('SET LOCAL jit=off;','')
print("BEGIN;\nSET LOCAL jit=off;\n"+claim.rstrip().rstrip(';')+";")
print("""CREATE TEMP TABLE p ON COMMIT DROP AS SELECT
 array_agg(id ORDER BY id) ids, array_agg(DISTINCT webhook_id) webhook_ids, array_agg(lease_expires_at ORDER BY id) leases,
 array_agg('Success'::varchar ORDER BY id) statuses, array_agg(now() ORDER BY id) executed_at, array_agg(3 ORDER BY id) duration_ms,
 array_agg(200 ORDER BY id) response_code, array_agg('ok'::text ORDER BY id) response_body, array_agg(false ORDER BY id) response_truncated,
 array_agg(NULL::varchar ORDER BY id) error_kind, array_agg(NULL::varchar ORDER BY id) error_message, array_agg('POST'::text ORDER BY id) request_method,
 array_agg('http://127.0.0.1:5000/w/1'::text ORDER BY id) request_url, array_agg('{}'::text ORDER BY id) request_headers, array_agg(NULL::text ORDER BY id) request_body,
 array_agg(gen_random_uuid() ORDER BY id) retry_ids, array_agg(NULL::interval ORDER BY id) retry_delays, array_agg(true ORDER BY id) resets,
 array_agg(scheduled_for ORDER BY id) scheduled_for
 FROM execution_queue WHERE lease_owner = 'n1';""")
print("ANALYZE p;" if False else "")
print(sql+";\nROLLBACK;")
