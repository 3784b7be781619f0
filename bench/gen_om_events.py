#!/usr/bin/env python3
"""Writes N realistic OM event records as CSV to stdout (bench/om-throughput.sh)."""
import sys

n = int(sys.argv[1])
out = sys.stdout
out.write("IP,imei,imsi,idfa,android_id,terminal,platform,doc_id,sub_ch,source,user_action,play_action,time_long,ts\n")
for i in range(1, n + 1):
    out.write(f"10.{i % 250}.{i % 200}.{i % 99 + 1},8664{i:08d},4600{i:08d},idfa{i % 1000},a{i:012x},2,QQ,"
              f"2017{i:010d},快报推荐流,{i % 5},{i % 12},{i % 3},{i % 60000},1510662363\n")
