#!/bin/bash
# Writes hx_<table>.sql: one insert of 30 attempts of consecutive webhooks into hx_<table>, as the outcome group inserts them.
# usage: ./history_index_insert.sh all; then ./cpu.sh hx_all 300 (µs per run ÷ 30 = per row)
t=hx_$1
cat > $t.sql <<SQL
INSERT INTO $t (id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at, executed_at, duration_ms,
                response_code, response_body, response_truncated, lease_owner, created_at, finished_at, request_method, request_url,
                request_headers, request_body)
SELECT cronhooks_uuid_v7(), w.id, '00000000-0000-0000-0000-000000000001', 'Success', 1, 'Schedule', clock_timestamp(), now(), now(), 2,
       200, '', false, 'n1', now(), now(), 'POST', 'http://127.0.0.1:5000/hook/' || w.id,
       '{"content-type":"application/json","user-agent":"CronHooks/1.0","webhook-id":"8f0e3c1a-1b2c-4d5e-8f90-123456789abc","webhook-timestamp":"1765000000","webhook-signature":"v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}',
       'body'
FROM hx_webhooks w, (SELECT (random() * 49969)::int AS k) s WHERE w.n BETWEEN s.k AND s.k + 29
ON CONFLICT DO NOTHING;
SQL
