# Writes every service's configuration under $OST_ETC. Sourced by up.sh after lib.sh and
# ost_load_secrets. Nothing under /etc is changed; only the packages' paste files are read.
# shellcheck disable=SC2154  # OST_PW_* come from the secrets file, OST_HEAT_* from lib.sh

ost_db_url() { echo "mysql+pymysql://$OST_DB_USER:$OST_PW_DB@127.0.0.1:3306/$OST_DB_PREFIX$1?charset=utf8"; }

ost_write_configs() {
  local rabbit="rabbit://$OST_RABBIT_USER:$OST_PW_RABBIT@127.0.0.1:5672/$OST_RABBIT_VHOST"
  local auth="auth_url = http://127.0.0.1:5000/v3
auth_type = password
project_domain_name = $OST_DOMAIN
user_domain_name = $OST_DOMAIN
project_name = service
username = $OST_INTERNAL_USER
password = $OST_PW_INTERNAL
region_name = $OST_REGION"
  local authtoken="[keystone_authtoken]
www_authenticate_uri = http://127.0.0.1:5000/v3
memcached_servers = 127.0.0.1:11211
$auth"
  mkdir -p "$OST_ETC"/{keystone,glance,placement,nova,neutron,heat} "$OST_LIB"/{keystone,glance/images,nova/instances,neutron,locks}
  ( umask 077
  # ---- Keystone -----------------------------------------------------------------------------
  cat >"$OST_ETC/keystone/keystone.conf" <<CONF
[DEFAULT]
use_stderr = true
[database]
connection = $(ost_db_url keystone)
[token]
provider = fernet
[fernet_tokens]
key_repository = $OST_LIB/keystone/fernet-keys
[fernet_receipts]
key_repository = $OST_LIB/keystone/fernet-keys
[credential]
key_repository = $OST_LIB/keystone/credential-keys
[cache]
enabled = true
backend = oslo_cache.memcache_pool
memcache_servers = 127.0.0.1:11211
CONF
  cat >"$OST_ETC/keystone/uwsgi.ini" <<CONF
[uwsgi]
plugins = python3
http-socket = 127.0.0.1:5000
add-header = Connection: close
wsgi-file = /usr/bin/keystone-wsgi-public
env = OS_KEYSTONE_CONFIG_FILES=$OST_ETC/keystone/keystone.conf
master = true
processes = 1
threads = 8
enable-threads = true
lazy-apps = true
die-on-term = true
no-orphans = true
buffer-size = 65535
chdir = $OST_LIB/keystone
CONF
  # ---- Placement ----------------------------------------------------------------------------
  cat >"$OST_ETC/placement/placement.conf" <<CONF
[DEFAULT]
use_stderr = true
[placement_database]
connection = $(ost_db_url placement)
[api]
auth_strategy = keystone
$authtoken
CONF
  cat >"$OST_ETC/placement/uwsgi.ini" <<CONF
[uwsgi]
plugins = python3
http-socket = 127.0.0.1:8778
add-header = Connection: close
wsgi-file = /usr/bin/placement-api
env = OS_PLACEMENT_CONFIG_DIR=$OST_ETC/placement
master = true
processes = 1
threads = 8
enable-threads = true
lazy-apps = true
die-on-term = true
no-orphans = true
buffer-size = 65535
chdir = $OST_LIB
CONF
  # ---- Glance -------------------------------------------------------------------------------
  cat >"$OST_ETC/glance/glance-api.conf" <<CONF
[DEFAULT]
use_stderr = true
bind_host = 127.0.0.1
bind_port = 9292
workers = 1
enabled_backends = fs:file
[glance_store]
default_backend = fs
[fs]
filesystem_store_datadir = $OST_LIB/glance/images
[os_glance_staging_store]
filesystem_store_datadir = $OST_LIB/glance/staging
[os_glance_tasks_store]
filesystem_store_datadir = $OST_LIB/glance/tasks
[database]
connection = $(ost_db_url glance)
[paste_deploy]
flavor = keystone
config_file = /etc/glance/glance-api-paste.ini
[oslo_concurrency]
lock_path = $OST_LIB/locks
$authtoken
CONF
  # ---- Nova ---------------------------------------------------------------------------------
  cat >"$OST_ETC/nova/nova.conf" <<CONF
[DEFAULT]
use_stderr = true
transport_url = $rabbit
my_ip = 127.0.0.1
host = $OST_COMPUTE_HOST
compute_driver = fakevif.FakeVifDriver
enabled_apis = osapi_compute
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = 8774
osapi_compute_workers = 1
metadata_workers = 1
vif_plugging_is_fatal = false
vif_plugging_timeout = 0
state_path = $OST_LIB/nova
instances_path = $OST_LIB/nova/instances
report_interval = 5
[wsgi]
api_paste_config = /etc/nova/api-paste.ini
[api]
auth_strategy = keystone
[api_database]
connection = $(ost_db_url nova_api)
[database]
connection = $(ost_db_url nova)
[conductor]
workers = 1
[scheduler]
workers = 1
discover_hosts_in_cells_interval = 30
[vnc]
# Nova hands out a noVNC address with a token for each console request; nothing serves it here
# (no proxy, and the fake driver has no display), but the address is what Olimpus passes on.
enabled = true
novncproxy_base_url = http://127.0.0.1:6080/vnc_auto.html
[oslo_concurrency]
lock_path = $OST_LIB/locks
[oslo_messaging_notifications]
driver = noop
$authtoken
[service_user]
send_service_user_token = true
$auth
[placement]
$auth
[neutron]
$auth
[glance]
region_name = $OST_REGION
[cinder]
os_region_name = $OST_REGION
CONF
  # ---- Neutron ------------------------------------------------------------------------------
  cat >"$OST_ETC/neutron/neutron.conf" <<CONF
[DEFAULT]
use_stderr = true
host = $OST_COMPUTE_HOST
bind_host = 127.0.0.1
bind_port = 9696
core_plugin = ml2
service_plugins = router,qos
auth_strategy = keystone
transport_url = $rabbit
api_workers = $OST_NEUTRON_API_WORKERS
rpc_workers = 1
rpc_state_report_workers = 0
state_path = $OST_LIB/neutron
api_paste_config = /etc/neutron/api-paste.ini
notify_nova_on_port_status_changes = true
notify_nova_on_port_data_changes = true
[agent]
root_helper =
report_interval = 5
[database]
connection = $(ost_db_url neutron)
[oslo_concurrency]
lock_path = $OST_LIB/locks
[oslo_messaging_notifications]
driver = noop
[experimental]
linuxbridge = true
$authtoken
[nova]
$auth
CONF
  cat >"$OST_ETC/neutron/ml2_conf.ini" <<CONF
[ml2]
type_drivers = flat,vxlan
tenant_network_types = vxlan
mechanism_drivers = linuxbridge
extension_drivers = port_security,qos
[ml2_type_flat]
flat_networks = $OST_EXT_PHYSNET
[ml2_type_vxlan]
vni_ranges = 1:1000
CONF
  cat >"$OST_ETC/neutron/linuxbridge_agent.ini" <<CONF
[linux_bridge]
physical_interface_mappings =
[vxlan]
enable_vxlan = true
local_ip = 127.0.0.1
l2_population = false
[securitygroup]
firewall_driver = noop
enable_security_group = true
[agent]
polling_interval = 1
extensions = qos
CONF
  # ---- Heat ---------------------------------------------------------------------------------
  # One API worker and one engine worker. Heat acts for the user through a Keystone trust
  # (deferred_auth_method = trusts) whose trustee is the internal account. Servers get
  # cfn-tools user data by default, which names the metadata/wait-condition servers: given here
  # (nothing answers there: no guest runs) so Heat needs no cloudformation endpoint.
  cat >"$OST_ETC/heat/heat.conf" <<CONF
[DEFAULT]
use_stderr = true
transport_url = $rabbit
host = $OST_COMPUTE_HOST
num_engine_workers = 1
region_name_for_services = $OST_REGION
deferred_auth_method = trusts
heat_metadata_server_url = http://127.0.0.1:8000
heat_waitcondition_server_url = http://127.0.0.1:8000/v1/waitcondition
stack_user_domain_name = $OST_HEAT_DOMAIN
stack_domain_admin = $OST_HEAT_DOMAIN_ADMIN
stack_domain_admin_password = $OST_PW_INTERNAL
[heat_api]
bind_host = 127.0.0.1
bind_port = 8004
workers = 1
[paste_deploy]
api_paste_config = /etc/heat/api-paste.ini
[database]
connection = $(ost_db_url heat)
[oslo_concurrency]
lock_path = $OST_LIB/locks
[oslo_messaging_notifications]
driver = noop
$authtoken
[trustee]
auth_type = password
auth_url = http://127.0.0.1:5000/v3
user_domain_name = $OST_DOMAIN
username = $OST_INTERNAL_USER
password = $OST_PW_INTERNAL
[clients_keystone]
auth_uri = http://127.0.0.1:5000
[ec2authtoken]
auth_uri = http://127.0.0.1:5000/v3
CONF
  )
}
