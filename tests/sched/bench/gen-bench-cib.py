#!/usr/bin/env python3
"""Generate the scheduler benchmark CIB on stdout.

16 nodes, 500 primitives (100 groups of 4, 99 standalone primitives and
one promotable clone), about 150 constraints (location, colocation,
order), and a status section where most resources already run, so the
scheduler has history to read and moves to compute.  Deterministic.
"""
import random

NODES = 16
GROUPS = 100
GROUP_SIZE = 4
SINGLES = 99

rnd = random.Random(5)
nodes = ["node%02d" % (i + 1) for i in range(NODES)]
out = []
w = out.append


def prim(rid, indent):
    w('%s<primitive id="%s" class="ocf" provider="heartbeat" type="Dummy">'
      % (indent, rid))
    w('%s  <operations><op id="%s-mon" name="monitor" interval="10s"/>'
      '</operations>' % (indent, rid))
    w('%s</primitive>' % indent)


w('<cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.7"'
  ' crm_feature_set="3.16.1" have-quorum="1" dc-uuid="1">')
w('  <configuration>')
w('    <crm_config><cluster_property_set id="opts">')
w('      <nvpair id="o1" name="stonith-enabled" value="false"/>')
w('      <nvpair id="o2" name="no-quorum-policy" value="ignore"/>')
w('    </cluster_property_set></crm_config>')
w('    <nodes>')
for i, n in enumerate(nodes):
    w('      <node id="%d" uname="%s"/>' % (i + 1, n))
w('    </nodes>')
w('    <resources>')
w('      <clone id="ms-data">')
w('        <meta_attributes id="ms-data-meta">')
w('          <nvpair id="ms1" name="promotable" value="true"/>')
w('          <nvpair id="ms2" name="promoted-max" value="1"/>')
w('          <nvpair id="ms3" name="clone-max" value="%d"/>' % NODES)
w('        </meta_attributes>')
prim("data", "        ")
w('      </clone>')
groups = []
for g in range(GROUPS):
    gid = "grp%03d" % g
    members = ["%s-r%d" % (gid, m) for m in range(GROUP_SIZE)]
    groups.append((gid, members))
    w('      <group id="%s">' % gid)
    for m in members:
        prim(m, "        ")
    w('      </group>')
singles = ["prim%03d" % i for i in range(SINGLES)]
for s in singles:
    prim(s, "      ")
w('    </resources>')
w('    <rsc_defaults><meta_attributes id="rd">')
w('      <nvpair id="rd1" name="resource-stickiness" value="50"/>')
w('    </meta_attributes></rsc_defaults>')
w('    <constraints>')
for i in range(50):
    rid = groups[i][0] if i % 2 == 0 else singles[i]
    w('      <rsc_location id="loc%d" rsc="%s" node="%s" score="%d"/>'
      % (i, rid, rnd.choice(nodes), rnd.choice([100, 200, 500, -1000])))
for i in range(50):
    dep = singles[50 + (i % 49)]
    prim_ = groups[50 + i][0]
    w('      <rsc_colocation id="col%d" rsc="%s" with-rsc="%s" score="%s"/>'
      % (i, dep, prim_, "INFINITY" if i % 3 else "300"))
w('      <rsc_colocation id="col-promoted" rsc="grp000" with-rsc="ms-data"'
  ' with-rsc-role="Promoted" score="INFINITY"/>')
w('      <rsc_order id="ord-promoted" first="ms-data" first-action="promote"'
  ' then="grp000" then-action="start"/>')
for i in range(48):
    w('      <rsc_order id="ord%d" first="%s" then="%s" kind="%s"/>'
      % (i, groups[i + 1][0], singles[i], "Mandatory" if i % 2 else
         "Optional"))
w('    </constraints>')
w('  </configuration>')
w('  <status>')
call = 1
for i, n in enumerate(nodes):
    w('    <node_state id="%d" uname="%s" in_ccm="true" crmd="online"'
      ' join="member" expected="member">' % (i + 1, n))
    w('      <transient_attributes id="ta%d"><instance_attributes id="ia%d">'
      % (i + 1, i + 1))
    w('        <nvpair id="m%d" name="master-data" value="%d"/>'
      % (i + 1, 10 + i))
    w('      </instance_attributes></transient_attributes>')
    w('      <lrm id="lrm%d"><lrm_resources>' % (i + 1))

    def running(rid):
        global call
        w('        <lrm_resource id="%s" class="ocf" provider="heartbeat"'
          ' type="Dummy">' % rid)
        w('          <lrm_rsc_op id="%s_last_0" operation="start" interval="0"'
          ' op-status="0" rc-code="0" call-id="%d"'
          ' transition-key="1:1:0:bench"'
          ' op-digest="f2317cad3d54cec5d7d7aa7d0bf35cf8"/>' % (rid, call))
        w('        </lrm_resource>')
        call += 2

    running("data")
    for g, (gid, members) in enumerate(groups):
        if g % NODES == i and g % 5 != 4:
            for m in members:
                running(m)
    for s_i, s in enumerate(singles):
        if s_i % NODES == i and s_i % 3 != 2:
            running(s)
    w('      </lrm_resources></lrm>')
    w('    </node_state>')
w('  </status>')
w('</cib>')
print("\n".join(out))
