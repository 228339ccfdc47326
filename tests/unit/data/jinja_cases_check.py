# Checks the hand-written expectations of tests/unit/data/jinja_cases.json (read by tests/unit/jinja_test.cpp)
# against the real Jinja2 (3.1.6 when written) with the settings transformers renders chat templates with.
# Run from the repository root: python3 tests/unit/data/jinja_cases_check.py
import json, sys
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.ext import loopcontrols
env=ImmutableSandboxedEnvironment(trim_blocks=True,lstrip_blocks=True,extensions=[loopcontrols])
env.filters['tojson']=lambda x, ensure_ascii=False, indent=None, separators=None, sort_keys=False: json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)
def raise_exception(m): raise Exception(m)
env.globals['raise_exception']=raise_exception
cases=json.load(open(sys.argv[1] if len(sys.argv) > 1 else 'tests/unit/data/jinja_cases.json'))
bad=0
for src, ctx, want in cases:
    try: got=env.from_string(src).render(**ctx)
    except Exception as e: got='ERROR '+str(e)
    if got!=want: bad+=1; print('MISMATCH', repr(src), '\n  jinja2:', repr(got), '\n  want:  ', repr(want))
print(len(cases),'cases',bad,'mismatches')
