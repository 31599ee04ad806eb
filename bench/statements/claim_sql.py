"""Prints, as a psql script, the claim statement of a QueueClaims.cs (64 rows, quotas out of the way) in a rolled-back transaction."""
import re,sys
src=open(sys.argv[1]).read()
m=re.search(r'private const string (\w+) = \$*"""\n(.*?)\n\s*""";', src, re.S)
sql=m.group(2)
subs={'QuotaCounters.Attempts':'owner_attempt_minutes','QuotaCounters.HostAttempts':'owner_host_attempt_minutes','QuotaCounters.UrlHost':'cronhooks_url_host','QuotaCounters.BodyBytes':'owner_body_bytes_days','QuotaCounters.Today':"(now() AT TIME ZONE 'UTC')::date"}
sql=re.sub(r'\{\{nameof\([A-Za-z.]*?\.(\w+)\)\}\}', r'\1', sql)  # nameof_generic
for k,v in subs.items(): sql=sql.replace('{{'+k+'}}',v)
params={'node':"'n1'",'limit':'64','per_owner':'96','margin_seconds':'5','owner_quota':'1000000000','host_quota':'1000000000','max_quota_delay':"interval '10 minutes'"}
for k,v in params.items(): sql=re.sub('@'+k+r'\b',v,sql)
sql='\n'.join(l for l in sql.split('\n') if not l.strip().startswith('--'))
print("BEGIN;\nSET LOCAL jit=off;\n"+sql+";\nROLLBACK;")
