#!/usr/bin/python3
"""API-side steps of the OpenStack test bed, in one process (the `openstack` CLI costs about a
second of start-up per command). Reads settings from the environment set by up.sh/health.sh.

  ostb.py identity          services, endpoints, the internal and the Olimpus accounts
  ostb.py wait-compute T    wait until nova-compute on $OST_COMPUTE_HOST reports up (newer than T)
  ostb.py zone              the Nova availability zone (aggregate) with the compute host
  ostb.py external          the external network and its subnet (for router gateways)
  ostb.py health            every service answers; exit 1 with the reasons otherwise
  ostb.py quota PROJECT K=V ...   set Nova quotas (instances, cores, ram) of a project
"""
import datetime
import os
import sys
import time

import openstack
from keystoneauth1 import exceptions as ksa_exc

E = os.environ
HOST = '127.0.0.1'
ENDPOINTS = {
    ('glance', 'image'): 'http://%s:9292' % HOST,
    ('placement', 'placement'): 'http://%s:8778' % HOST,
    ('nova', 'compute'): 'http://%s:8774/v2.1' % HOST,
    ('neutron', 'network'): 'http://%s:9696' % HOST,
    # Heat's API carries the project in its path; Keystone fills it in per token.
    ('heat', 'orchestration'): 'http://%s:8004/v1/%%(project_id)s' % HOST,
}


def conn(user='admin', password=None, project='admin'):
    return openstack.connect(
        auth_url=E['OST_KEYSTONE_URL'], username=user,
        password=password or E['OST_PW_ADMIN'], project_name=project,
        user_domain_name=E['OST_DOMAIN'], project_domain_name=E['OST_DOMAIN'],
        region_name=E['OST_REGION'], compute_api_version='2.93',
        identity_interface='public', interface='public')


def log(msg):
    print('[ostb %s] %s' % (time.strftime('%H:%M:%S'), msg), file=sys.stderr, flush=True)


def ensure_user(c, name, password, project, role):
    idp = c.identity
    dom = [d for d in idp.domains(name=E['OST_DOMAIN'])][0]
    p = idp.find_project(project, domain_id=dom.id) or idp.create_project(name=project, domain_id=dom.id)
    u = idp.find_user(name, domain_id=dom.id)
    if u is None:
        u = idp.create_user(name=name, password=password, domain_id=dom.id, default_project_id=p.id)
    else:
        idp.update_user(u, password=password)
    r = idp.find_role(role, ignore_missing=False)
    idp.assign_project_role_to_user(p, u, r)
    return p, u


def identity():
    c = conn()
    sp, su = ensure_user(c, E['OST_INTERNAL_USER'], E['OST_PW_INTERNAL'], 'service', 'admin')
    # Service tokens (Nova -> Neutron, Neutron -> Nova) carry the 'service' role.
    role = c.identity.find_role('service') or c.identity.create_role(name='service')
    c.identity.assign_project_role_to_user(sp, su, role)
    # Olimpus creates a project per slice and gives itself a role there: admin is needed.
    p, u = ensure_user(c, E['OST_SVC_USER'], E['OST_PW_SVC'], E['OST_SVC_PROJECT'], 'admin')
    idp = c.identity
    heat_identity(c, p, u)
    region = E['OST_REGION']
    for (name, typ), url in ENDPOINTS.items():
        s = idp.find_service(name) or idp.create_service(name=name, type=typ, is_enabled=True)
        have = {e.interface for e in idp.endpoints(service_id=s.id)}
        for itf in ('public', 'internal', 'admin'):
            if itf not in have:
                idp.create_endpoint(service_id=s.id, interface=itf, url=url, region_id=region)
    log('identity: accounts, services and endpoints in place')


def heat_identity(c, svc_project, svc_user):
    """Heat's roles and stack domain: heat_stack_owner (the role operators give stack creators;
    the Olimpus account gets it in its project), heat_stack_user (Heat's own users), and the
    domain where Heat makes those users, with its admin."""
    idp = c.identity
    owner = idp.find_role('heat_stack_owner') or idp.create_role(name='heat_stack_owner')
    if not idp.find_role('heat_stack_user'):
        idp.create_role(name='heat_stack_user')
    idp.assign_project_role_to_user(svc_project, svc_user, owner)
    dom = idp.find_domain(E['OST_HEAT_DOMAIN']) or idp.create_domain(
        name=E['OST_HEAT_DOMAIN'], description='Users Heat makes for stacks')
    u = idp.find_user(E['OST_HEAT_DOMAIN_ADMIN'], domain_id=dom.id)
    if u is None:
        u = idp.create_user(name=E['OST_HEAT_DOMAIN_ADMIN'], password=E['OST_PW_INTERNAL'], domain_id=dom.id)
    else:
        idp.update_user(u, password=E['OST_PW_INTERNAL'])
    idp.assign_domain_role_to_user(dom, u, idp.find_role('admin', ignore_missing=False))


def compute_services(c):
    return list(c.compute.services(binary='nova-compute'))


def wait_compute(since, timeout=90):
    c = conn()
    since = float(since)
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            for s in compute_services(c):
                if s.host == E['OST_COMPUTE_HOST'] and s.state == 'up' and s.updated_at:
                    upd = datetime.datetime.fromisoformat(s.updated_at.replace('Z', '')).replace(
                        tzinfo=datetime.timezone.utc).timestamp()
                    if upd >= since - 1:
                        log('nova-compute on %s is up (heartbeat %s)' % (s.host, s.updated_at))
                        return
        except (ksa_exc.ClientException, openstack.exceptions.SDKException) as e:
            log('waiting for nova-compute: %s' % e)
        time.sleep(1)
    sys.exit('nova-compute did not report up within %ds' % timeout)


def zone():
    c = conn()
    az, host = E['OST_AZ'], E['OST_COMPUTE_HOST']
    agg = c.compute.find_aggregate(az)
    if agg is None:
        agg = c.compute.create_aggregate(name=az, availability_zone=az)
    if host not in (agg.hosts or []):
        c.compute.add_host_to_aggregate(agg, host)
    log('availability zone %s holds %s' % (az, host))


def external():
    c = conn()
    n = c.network.find_network(E['OST_EXT_NET'])
    if n is None:
        n = c.network.create_network(
            name=E['OST_EXT_NET'], is_router_external=True, is_shared=False,
            provider_network_type='flat', provider_physical_network=E['OST_EXT_PHYSNET'])
    if not list(c.network.subnets(network_id=n.id)):
        c.network.create_subnet(
            network_id=n.id, name=E['OST_EXT_NET'] + '-subnet', ip_version=4,
            cidr=E['OST_EXT_CIDR'], gateway_ip=E['OST_EXT_GW'], is_dhcp_enabled=False)
    log('external network %s (%s)' % (E['OST_EXT_NET'], E['OST_EXT_CIDR']))


STUCK_AFTER = int(E.get('OST_STUCK_AFTER', '60'))


def health():
    bad = []
    t0 = time.time()

    def check(what, fn):
        try:
            r = fn()
            print('ok   %-28s %s' % (what, r))
        except Exception as e:  # report every failure, not the first
            bad.append(what)
            print('FAIL %-28s %s' % (what, str(e).splitlines()[0] if str(e) else type(e).__name__))

    c = conn()
    check('keystone token (admin)', lambda: 'expires ' + str(c.auth_token and c.session.auth.get_access(c.session).expires))
    s = conn(E['OST_SVC_USER'], E['OST_PW_SVC'], E['OST_SVC_PROJECT'])
    check('keystone token (olimpus)', lambda: 'project %s' % s.current_project_id)
    check('glance images', lambda: '%d images' % len(list(c.image.images())))
    check('placement providers', lambda: '%d resource providers' % len(list(c.placement.resource_providers())))
    check('nova flavors', lambda: '%d flavors' % len(list(c.compute.flavors())))

    def hyp():
        hs = list(c.compute.hypervisors())
        if not hs:
            raise RuntimeError('no hypervisor yet')
        return ', '.join('%s %s' % (h.name, h.state) for h in hs)
    check('nova hypervisors', hyp)

    def svcs():
        ss = list(c.compute.services())
        down = ['%s@%s' % (x.binary, x.host) for x in ss if x.state != 'up']
        want = {'nova-conductor', 'nova-scheduler', 'nova-compute'}
        missing = want - {x.binary for x in ss if x.state == 'up'}
        if down or missing:
            raise RuntimeError('down: %s, missing: %s' % (down, sorted(missing)))
        return ', '.join(sorted('%s %s' % (x.binary, x.state) for x in ss))
    check('nova compute services', svcs)

    def azs():
        zs = [z.name for z in c.compute.availability_zones() if z.state.get('available')]
        if E['OST_AZ'] not in zs:
            raise RuntimeError('%s not among %s' % (E['OST_AZ'], zs))
        return ', '.join(zs)
    check('nova availability zone', azs)
    check('neutron networks', lambda: ', '.join(n.name for n in c.network.networks()) or 'none')

    def agents():
        ags = list(c.network.agents())
        lb = [a for a in ags if a.agent_type == 'Linux bridge agent' and a.is_alive]
        if not lb:
            raise RuntimeError('no live Linux bridge agent (%s)' % [(a.agent_type, a.is_alive) for a in ags])
        return ', '.join('%s@%s alive' % (a.agent_type, a.host) for a in lb)
    check('neutron agents', agents)

    def wiring():
        # An agent can report alive while it wires nothing (it once retried one failed ebtables
        # delete forever): a port of an ACTIVE server still DOWN well after its last update says so.
        active = {x.id for x in c.compute.servers(all_projects=True) if x.status == 'ACTIVE'}
        now = datetime.datetime.now(datetime.timezone.utc)
        stuck = []
        for p in c.network.ports(status='DOWN'):
            if p.device_id not in active or not (p.device_owner or '').startswith('compute:'):
                continue
            upd = datetime.datetime.strptime(p.updated_at, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=datetime.timezone.utc)
            if (now - upd).total_seconds() > STUCK_AFTER:
                stuck.append('%s (DOWN since %s)' % (p.id, p.updated_at))
        if stuck:
            raise RuntimeError('stuck: %d port(s) of ACTIVE servers DOWN for more than %d s: %s'
                               % (len(stuck), STUCK_AFTER, ', '.join(stuck[:3])))
        return 'every port of an ACTIVE server is wired (%d servers)' % len(active)
    check('neutron agent wiring', wiring)

    def heat_engines():
        # GET /services is admin-only; an engine is 'up' while it reports (every 60 s by default).
        r = c.orchestration.get('/services')
        if r.status_code != 200:
            raise RuntimeError('GET /services: %s %s' % (r.status_code, r.text[:200]))
        ss = r.json()['services']
        up = [x for x in ss if x['status'] == 'up']
        if not up:
            raise RuntimeError('no heat-engine up (%s)' % [(x['binary'], x['status']) for x in ss])
        return '%d heat-engine up' % len(up)
    check('heat engines', heat_engines)
    check('heat stacks', lambda: '%d stacks' % len(list(s.orchestration.stacks())))
    print('health: %s in %.1fs' % ('OK' if not bad else 'FAILED: ' + ', '.join(bad), time.time() - t0))
    sys.exit(1 if bad else 0)


def quota(project, *kv):
    c = conn()
    vals = {}
    for item in kv:
        k, v = item.split('=', 1)
        vals[k] = int(v)
    if project == '--default':
        # The default quota class: every project without its own value, including the ones
        # Olimpus creates per slice during a deploy.
        r = c.compute.put('/os-quota-class-sets/default', json={'quota_class_set': vals})
        if r.status_code != 200:
            sys.exit('quota class update failed: %s %s' % (r.status_code, r.text))
    else:
        p = c.identity.find_project(project, ignore_missing=False)
        c.set_compute_quotas(p.id, **vals)
    log('nova quota of %s: %s' % (project, vals))


def smoke():
    """As the Olimpus account: image, flavor, network, subnet, port, router to the external
    network, a server on the port in the availability zone; ACTIVE server, ACTIVE port, its tap
    exists; then delete everything and check the tap is gone."""
    adm = conn()
    c = conn(E['OST_SVC_USER'], E['OST_PW_SVC'], E['OST_SVC_PROJECT'])
    t0 = time.time()
    tag = 'ostb-smoke-%d' % os.getpid()
    made = []
    try:
        img = c.image.create_image(name=tag, disk_format='raw', container_format='bare',
                                   data=b'\0' * 4096, visibility='private')
        made.append(('image', img))
        flv = adm.compute.create_flavor(name=tag, vcpus=1, ram=64, disk=1)
        made.append(('flavor', flv))
        net = c.network.create_network(name=tag)
        made.append(('network', net))
        sub = c.network.create_subnet(network_id=net.id, name=tag, ip_version=4,
                                      cidr='198.18.250.0/24', gateway_ip='198.18.250.1')
        made.append(('subnet', sub))
        ext = c.network.find_network(E['OST_EXT_NET'], ignore_missing=False)
        rtr = c.network.create_router(name=tag, external_gateway_info={'network_id': ext.id})
        made.append(('router', rtr))
        c.network.add_interface_to_router(rtr, subnet_id=sub.id)
        made.append(('router-if', (rtr, sub)))
        port = c.network.create_port(network_id=net.id, name=tag)
        made.append(('port', port))
        log('created image, flavor, network, subnet, router, port in %.1fs' % (time.time() - t0))
        t1 = time.time()
        srv = c.compute.create_server(name=tag, image_id=img.id, flavor_id=flv.id,
                                      networks=[{'port': port.id}],
                                      availability_zone=E['OST_AZ'])
        made.append(('server', srv))
        srv = c.compute.wait_for_server(srv, status='ACTIVE', failures=['ERROR'], interval=0.5, wait=120)
        az = getattr(srv, 'availability_zone', None)
        log('server ACTIVE in %.1fs (zone %s, host %s)' % (time.time() - t1, az, srv.compute_host))
        if az != E['OST_AZ']:
            raise RuntimeError('server in zone %r, not %r' % (az, E['OST_AZ']))
        deadline = time.time() + 60
        while True:
            p = c.network.get_port(port.id)
            if p.status == 'ACTIVE':
                break
            if time.time() > deadline:
                raise RuntimeError('port %s stayed %s' % (port.id, p.status))
            time.sleep(0.5)
        tap = ('tap' + port.id)[:14]
        if not os.path.exists('/sys/class/net/' + tap):
            raise RuntimeError('no tap device %s' % tap)
        log('port ACTIVE (%s, %s) %.1fs after the create call' % (tap, p.binding_vif_type, time.time() - t1))
    finally:
        t2 = time.time()
        for kind, r in reversed(made):
            try:
                if kind == 'server':
                    c.compute.delete_server(r)
                    c.compute.wait_for_delete(r, interval=0.5, wait=120)
                elif kind == 'port':
                    c.network.delete_port(r)
                elif kind == 'router-if':
                    c.network.remove_interface_from_router(r[0], subnet_id=r[1].id)
                elif kind == 'router':
                    c.network.delete_router(r)
                elif kind == 'subnet':
                    c.network.delete_subnet(r)
                elif kind == 'network':
                    c.network.delete_network(r)
                elif kind == 'flavor':
                    adm.compute.delete_flavor(r)
                elif kind == 'image':
                    c.image.delete_image(r)
            except Exception as e:
                log('cleanup of %s failed: %s' % (kind, e))
                raise
        log('deleted everything in %.1fs' % (time.time() - t2))
    left = [x.name for x in c.compute.servers() if x.name == tag] + \
        [x.name for x in c.network.ports() if x.name == tag] + \
        [x.name for x in c.network.networks() if x.name == tag]
    if left:
        raise RuntimeError('left behind: %s' % left)
    time.sleep(1)
    if os.path.exists('/sys/class/net/' + tap):
        raise RuntimeError('tap %s still exists after the server was deleted' % tap)
    log('smoke OK in %.1fs' % (time.time() - t0))


if __name__ == '__main__':
    cmd, args = sys.argv[1], sys.argv[2:]
    try:
        {'identity': identity, 'wait-compute': wait_compute, 'zone': zone,
         'external': external, 'health': health, 'quota': quota, 'smoke': smoke}[cmd](*args)
    except openstack.exceptions.ResourceNotFound as e:
        sys.exit('%s: %s' % (cmd, e))
