#!/usr/bin/env python3
"""Generate a small random CIB for differential runs against crm_simulate.

    gen-random-cib.py SEED [PROMOTABLE_PROBABILITY]

2-5 nodes, groups, primitives, an optional clone and promotable clone,
random location/colocation/order constraints, stickiness, standby nodes
and a random operation history.  Deterministic for a given seed.
"""
import random, sys
seed=int(sys.argv[1]); rnd=random.Random(seed)
N=rnd.randint(2,5); nodes=["n%d"%(i+1) for i in range(N)]
out=[]; w=out.append
def prim(rid, ind): w('%s<primitive id="%s" class="ocf" provider="heartbeat" type="Dummy"/>'%(ind,rid))
w('<cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.7" crm_feature_set="3.16.1" have-quorum="1" dc-uuid="1"><configuration>')
w('<crm_config><cluster_property_set id="o"><nvpair id="o1" name="stonith-enabled" value="false"/><nvpair id="o2" name="no-quorum-policy" value="ignore"/></cluster_property_set></crm_config>')
w('<nodes>'+''.join('<node id="%d" uname="%s"/>'%(i+1,n) for i,n in enumerate(nodes))+'</nodes><resources>')
rscs=[]; prims=[]
ng=rnd.randint(0,3)
for g in range(ng):
    gid="g%d"%g; w('<group id="%s">'%gid); rscs.append(gid)
    for m in range(rnd.randint(1,4)):
        pid="%s_r%d"%(gid,m); prim(pid,''); prims.append(pid)
    w('</group>')
for i in range(rnd.randint(1,6)):
    pid="p%d"%i; prim(pid,''); rscs.append(pid); prims.append(pid)
clones=[]
if rnd.random()<0.5:
    w('<clone id="c1"><meta_attributes id="c1m"><nvpair id="c1a" name="clone-max" value="%d"/><nvpair id="c1b" name="clone-node-max" value="%d"/></meta_attributes>'%(rnd.randint(1,N+1),rnd.randint(1,2)))
    prim("cd",''); w('</clone>'); rscs.append("c1"); clones.append("cd")
prom=rnd.random()<float(sys.argv[2]) if len(sys.argv)>2 else rnd.random()<0.5
if prom:
    w('<clone id="ms"><meta_attributes id="msm"><nvpair id="msa" name="promotable" value="true"/></meta_attributes>'); prim("st",''); w('</clone>'); rscs.append("ms")
w('</resources><rsc_defaults><meta_attributes id="rd"><nvpair id="rd1" name="resource-stickiness" value="%d"/></meta_attributes></rsc_defaults><constraints>'%rnd.choice([0,0,1,50,100]))
k=0
for i in range(rnd.randint(0,4)):
    k+=1; w('<rsc_location id="l%d" rsc="%s" node="%s" score="%s"/>'%(k,rnd.choice(rscs),rnd.choice(nodes),rnd.choice(["100","-100","INFINITY","-INFINITY","10"])))
for i in range(rnd.randint(0,3)):
    a,b=rnd.sample(rscs,2) if len(rscs)>1 else (rscs[0],rscs[0])
    if a==b: continue
    k+=1; role=' with-rsc-role="Promoted"' if b=="ms" and rnd.random()<0.7 else ''
    w('<rsc_colocation id="c%d" rsc="%s" with-rsc="%s" score="%s"%s/>'%(k,a,b,rnd.choice(["INFINITY","-INFINITY","200"]),role))
for i in range(rnd.randint(0,3)):
    a,b=rnd.sample(rscs,2) if len(rscs)>1 else (rscs[0],rscs[0])
    if a==b: continue
    k+=1; w('<rsc_order id="o%d" first="%s" then="%s" kind="%s"/>'%(k,a,b,rnd.choice(["Mandatory","Optional"])))
w('</constraints></configuration><status>')
call=[1]
for i,n in enumerate(nodes):
    w('<node_state id="%d" uname="%s" in_ccm="true" crmd="online" join="member" expected="member">'%(i+1,n))
    w('<transient_attributes id="t%d"><instance_attributes id="ta%d">'%(i+1,i+1))
    if prom: w('<nvpair id="m%d" name="master-st" value="%d"/>'%(i+1,rnd.randint(1,20)))
    if rnd.random()<0.15: w('<nvpair id="s%d" name="standby" value="on"/>'%(i+1))
    w('</instance_attributes></transient_attributes><lrm id="l%d"><lrm_resources>'%(i+1))
    def op(rid, task, rc, key="0"):
        w('<lrm_resource id="%s" class="ocf" provider="heartbeat" type="Dummy"><lrm_rsc_op id="%s_last_0" operation="%s" interval="0" op-status="0" rc-code="%d" call-id="%d" transition-key="1:1:%s:x" op-digest="f2317cad3d54cec5d7d7aa7d0bf35cf8"/></lrm_resource>'%(rid,rid,task,rc,call[0],key)); call[0]+=1
    for p in prims:
        if rnd.random()<0.3: op(p,"start",0 if rnd.random()<0.9 else 1)
    for c in clones:
        if rnd.random()<0.5: op(c,"start",0)
    if prom and rnd.random()<0.6:
        op("st", rnd.choice(["start","promote"]),0)
    w('</lrm_resources></lrm></node_state>')
w('</status></cib>')
print("".join(out))
