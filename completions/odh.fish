# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_odh_global_optspecs
    string join \n kubeconfig= context= o/output= no-progress y/yes v/verbose q/quiet request-timeout= h/help V/version
end

function __fish_odh_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_odh_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_odh_using_subcommand
    set -l cmd (__fish_odh_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c odh -n "__fish_odh_needs_command" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c odh -n "__fish_odh_needs_command" -l context -d 'Kubeconfig context to use (default: the current context)' -r
complete -c odh -n "__fish_odh_needs_command" -s o -l output -d 'Output format of results on stdout' -r -f -a "text\t''
json\t''
yaml\t''"
complete -c odh -n "__fish_odh_needs_command" -l request-timeout -d 'Give up on a single API server request after this long (e.g. 10s, 1m; 0: no limit)' -r
complete -c odh -n "__fish_odh_needs_command" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_needs_command" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_needs_command" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_needs_command" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_needs_command" -s h -l help -d 'Print help'
complete -c odh -n "__fish_odh_needs_command" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_needs_command" -f -a "profiles" -d 'List profiles with their components, dependencies, platforms and parameters'
complete -c odh -n "__fish_odh_needs_command" -f -a "render" -d 'Print the rendered objects as YAML or JSON; never contacts a cluster'
complete -c odh -n "__fish_odh_needs_command" -f -a "images" -d 'List every container image the profiles would run (for mirroring)'
complete -c odh -n "__fish_odh_needs_command" -f -a "check" -d 'Pre-flight checks: server, credentials, version, platform, permissions, storage, conflicts'
complete -c odh -n "__fish_odh_needs_command" -f -a "install" -d 'Check, validate, plan, apply in waves with server-side apply, and wait until everything is ready'
complete -c odh -n "__fish_odh_needs_command" -f -a "diff" -d 'Show what install would change: objects to create, a diff of each change, objects to prune'
complete -c odh -n "__fish_odh_needs_command" -f -a "status" -d 'Show the health of every object odh installed, with reasons'
complete -c odh -n "__fish_odh_needs_command" -f -a "verify" -d 'Check that the installed platform works: logins, the bucket, scrape targets, predictions'
complete -c odh -n "__fish_odh_needs_command" -f -a "uninstall" -d 'Remove what odh installed, in safe order'
complete -c odh -n "__fish_odh_needs_command" -f -a "fetch" -d 'Download the remote upstream files of profiles into a directory (for air-gapped installs)'
complete -c odh -n "__fish_odh_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c odh -n "__fish_odh_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c odh -n "__fish_odh_using_subcommand profiles" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c odh -n "__fish_odh_using_subcommand profiles" -l context -d 'Kubeconfig context to use (default: the current context)' -r
complete -c odh -n "__fish_odh_using_subcommand profiles" -s o -l output -d 'Output format of results on stdout' -r -f -a "text\t''
json\t''
yaml\t''"
complete -c odh -n "__fish_odh_using_subcommand profiles" -l request-timeout -d 'Give up on a single API server request after this long (e.g. 10s, 1m; 0: no limit)' -r
complete -c odh -n "__fish_odh_using_subcommand profiles" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_using_subcommand profiles" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_using_subcommand profiles" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_using_subcommand profiles" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_using_subcommand profiles" -s h -l help -d 'Print help'
complete -c odh -n "__fish_odh_using_subcommand profiles" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_using_subcommand render" -s p -l profile -d 'Profiles to use, comma-separated or repeated (core, monitoring, serving, ai-library)' -r -f -a "core\t'Notebooks (JupyterHub), S3 object storage and the Spark operator; on OpenShift the ODH operator with dashboard and workbenches'
monitoring\t'Prometheus scraping pods annotated prometheus.io/scrape, and Grafana with the Prometheus data source and an Open Data Hub dashboard'
pipelines\t'Pipelines for MLOps workflows; Kubeflow Pipelines 2.17.0 standalone with Argo Workflows v4.0.5 on Kubernetes, Data Science Pipelines (DSC aipipelines/datasciencepipelines and a DataSciencePipelinesApplication) on OpenShift; artifacts in odh\'s S3 store'
serving\t'Model serving; Seldon Core 1.17.1 or KServe v0.20.0 (Standard mode, with cert-manager) on Kubernetes, KServe from the DataScienceCluster on OpenShift'
ai-library\t'AI Library model servers (sentiment analysis, flake analysis, duplicate bug detection); POST /api/v0.1/predictions through the Seldon executor, /predict on KServe'"
complete -c odh -n "__fish_odh_using_subcommand render" -s f -l values -d 'Values file (YAML); repeat to layer, later files win' -r -F
complete -c odh -n "__fish_odh_using_subcommand render" -l set -d 'Set one value (KEY=VALUE); applied after all -f files' -r -f -a "namespace=\t'Applications namespace where the Open Data Hub components run (DSCI applicationsNamespace on OpenShift)'
global.imageRegistry=\t'Registry host (and optional path) that replaces the registry of every image, for mirrors; empty keeps upstream registries'
global.imagePullPolicy=\t'imagePullPolicy of every container odh renders'
global.storageClass=\t'StorageClass for every PersistentVolumeClaim odh creates (including notebook home volumes); empty uses the cluster default'
jupyterhub.enabled=\t'Run JupyterHub (hub + configurable-http-proxy) for notebooks on Kubernetes'
jupyterhub.singleuserImage=\t'Notebook server image KubeSpawner starts for each user (pinned tag)'
jupyterhub.dbStorageSize=\t'Size of the hub\'s PVC that holds the JupyterHub sqlite database'
jupyterhub.userStorageSize=\t'Size of each user\'s home volume (PVC claim-<user>)'
jupyterhub.userCpuLimit=\t'CPU limit of each notebook server, in cores'
jupyterhub.userMemoryLimit=\t'Memory limit of each notebook server (JupyterHub byte units K, M, G, T)'
s3.enabled=\t'Provide S3 object storage (dev store or external endpoint) and its connection details'
s3.endpoint=\t'External S3 endpoint URL; empty runs the single-pod dev store (MinIO) in the applications namespace'
s3.bucket=\t'Bucket the platform uses (created in the dev store; must exist on an external endpoint)'
s3.region=\t'S3 region reported to clients'
s3.credentialsSecret=\t'Secret with keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; generated for the dev store, must already exist in the applications namespace when s3.endpoint is set'
s3.storageSize=\t'Size of the dev store\'s data PVC'
s3.engine=\t'S3 store when s3.endpoint is empty; minio is the single-pod dev store, rook runs Ceph (Rook v1.20.6) on the nodes\' disks or on PVCs with a CephObjectStore and an ObjectBucketClaim'
rook.nodeCount=\t's3.engine=rook: nodes that hold Ceph OSDs; sizes the cluster: 1 mon below 3 nodes else 3, 1 mgr on one node else 2, pool replicas min(nodes, 3)'
rook.storage=\t's3.engine=rook: devices uses the nodes\' empty raw disks (rook.deviceFilter), pvc puts each OSD on a Block-mode PersistentVolumeClaim'
rook.deviceFilter=\t's3.engine=rook, rook.storage=devices: regular expression over kernel device names (e.g. ^sd[b-d]); empty lets Rook take every empty disk (no partitions, no filesystem)'
rook.deviceSize=\t's3.engine=rook, rook.storage=pvc: size of each OSD\'s claim (one OSD per node)'
rook.deviceStorageClass=\t's3.engine=rook, rook.storage=pvc: StorageClass of the OSD claims, which must offer volumeMode Block; empty uses global.storageClass or the cluster default'
rook.discoveryDaemon=\t's3.engine=rook: run Rook\'s rook-discover DaemonSet, whose local-device-<node> ConfigMaps report each node\'s disks'
sparkOperator.enabled=\t'Run the Kubeflow Spark operator (Kubernetes) or set the DSC sparkoperator Managed (OpenShift, channel fast-3)'
sparkOperator.replicas=\t'Replicas of the Spark operator controller and of its webhook (leader election is on)'
spark.jobNamespace=\t'Namespace where SparkApplications run; created with the ServiceAccount spark-operator-spark'
operator.channel=\t'OLM channel of opendatahub-operator; fast-3 is ODH 3.x (DSC/DSCI v2), fast is ODH 2.x (DSC/DSCI v1)'
operator.installPlanApproval=\t'OLM install plan approval of the opendatahub-operator Subscription'
operator.startingCSV=\t'Pin the first installed CSV, e.g. opendatahub-operator.v3.5.0; empty installs the channel head'
monitoring.namespace=\t'Namespace for Prometheus and Grafana'
prometheus.enabled=\t'Run Prometheus v3.12.0 with Kubernetes pod discovery'
prometheus.scrapeInterval=\t'How often Prometheus scrapes each target'
prometheus.retention=\t'How long Prometheus keeps samples (--storage.tsdb.retention.time)'
prometheus.persistence=\t'Keep the Prometheus TSDB on a PVC; false uses an emptyDir that is lost with the pod'
prometheus.storageSize=\t'Size of the Prometheus PVC when prometheus.persistence is true'
grafana.enabled=\t'Run Grafana 13.0.2 with the provisioned Prometheus data source and dashboard'
grafana.route=\t'On OpenShift, expose Grafana through an edge-terminated Route'
pipelines.prefix=\t'Key prefix in the S3 bucket under which pipeline artifacts and run logs are kept'
pipelines.databaseStorageSize=\t'Size of the pipelines database\'s PVC (MySQL on Kubernetes; the DSPA\'s MariaDB on OpenShift)'
pipelines.ui=\t'Run the Kubeflow Pipelines UI (ml-pipeline-ui) on Kubernetes'
serving.engine=\t'Model serving engine on Kubernetes (OpenShift always uses the operator\'s KServe)'
seldon.namespace=\t'Namespace of the Seldon Core operator (serving.engine=seldon)'
serving.modelmesh=\t'On OpenShift with operator.channel=fast (ODH 2.x), also set the DataScienceCluster\'s modelmeshserving Managed (ModelMesh, many small models per pod, beside KServe); refused elsewhere, ODH 3.x has no ModelMesh'
aiLibrary.sentimentAnalysis.enabled=\t'Serve the sentiment analysis model'
aiLibrary.sentimentAnalysis.image=\t'Sentiment analysis TensorFlow Serving backend image (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.sentimentAnalysis.proxyImage=\t'Sentiment analysis proxy image, the model Seldon or KServe calls (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.flakeAnalysis.enabled=\t'Serve the test flake analysis model'
aiLibrary.flakeAnalysis.image=\t'Flake analysis image (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.duplicateBugDetection.enabled=\t'Serve the duplicate bug detection model'
aiLibrary.duplicateBugDetection.image=\t'Duplicate bug detection image (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.sampleData.enabled=\t'Seed the bucket with upstream\'s sample models and data (a Job; its image needs internet access)'
aiLibrary.sampleData.image=\t'Sample data image (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.sampleData.prefix=\t'Key prefix in the bucket under which the sample data is copied'
aiLibrary.replicas=\t'Replicas of each model server'"
complete -c odh -n "__fish_odh_using_subcommand render" -l include -d 'Your own manifests (a directory of .yaml/.yml/.json files, or one file) to install, track, report and uninstall with odh\'s; repeat for more; remembered by later installs' -r -F
complete -c odh -n "__fish_odh_using_subcommand render" -l platform -d 'Target platform' -r -f -a "auto\t'Detect from the cluster (OpenShift when route.openshift.io and OLM are served)'
kubernetes\t'Plain Kubernetes (kind, minikube, CI): upstream components installed directly'
openshift\t'OpenShift: the ODH operator through OLM'"
complete -c odh -n "__fish_odh_using_subcommand render" -l output-dir -d 'Write one file per object and a kustomization.yaml into DIR instead of stdout' -r -F
complete -c odh -n "__fish_odh_using_subcommand render" -l gitops -d 'Write the objects per component with Argo CD Applications that install them in odh\'s order' -r -f -a "argocd\t'Argo CD (also OpenShift GitOps): one Application per component under a parent Application'"
complete -c odh -n "__fish_odh_using_subcommand render" -l repo-url -d 'The Git repository Argo CD reads the output directory from (with --gitops)' -r
complete -c odh -n "__fish_odh_using_subcommand render" -l revision -d 'The branch, tag or commit Argo CD syncs (with --gitops)' -r
complete -c odh -n "__fish_odh_using_subcommand render" -l repo-path -d 'The output directory\'s path inside the repository (with --gitops; default: --output-dir when relative)' -r
complete -c odh -n "__fish_odh_using_subcommand render" -l argocd-namespace -d 'Argo CD\'s namespace (with --gitops; default argocd, or openshift-gitops for --platform openshift)' -r
complete -c odh -n "__fish_odh_using_subcommand render" -l bundle -d 'Read remote files from a directory written by `odh fetch` instead of downloading' -r -F
complete -c odh -n "__fish_odh_using_subcommand render" -l source-mirror -d 'Download remote files from this mirror (URL/<host>/<path>) instead of upstream' -r
complete -c odh -n "__fish_odh_using_subcommand render" -l source-lock -d 'Lock file of `sha256  url` lines that adds or overrides pinned digests' -r -F
complete -c odh -n "__fish_odh_using_subcommand render" -l cache-dir -d 'Cache directory for downloaded files (default: the user cache directory)' -r -F
complete -c odh -n "__fish_odh_using_subcommand render" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c odh -n "__fish_odh_using_subcommand render" -l context -d 'Kubeconfig context to use (default: the current context)' -r
complete -c odh -n "__fish_odh_using_subcommand render" -s o -l output -d 'Output format of results on stdout' -r -f -a "text\t''
json\t''
yaml\t''"
complete -c odh -n "__fish_odh_using_subcommand render" -l request-timeout -d 'Give up on a single API server request after this long (e.g. 10s, 1m; 0: no limit)' -r
complete -c odh -n "__fish_odh_using_subcommand render" -l no-include -d 'Leave out the manifests an earlier install included (they are pruned)'
complete -c odh -n "__fish_odh_using_subcommand render" -l offline -d 'Never download: use only the cache or --bundle'
complete -c odh -n "__fish_odh_using_subcommand render" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_using_subcommand render" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_using_subcommand render" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_using_subcommand render" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_using_subcommand render" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c odh -n "__fish_odh_using_subcommand render" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_using_subcommand images" -s p -l profile -d 'Profiles to use, comma-separated or repeated (core, monitoring, serving, ai-library)' -r -f -a "core\t'Notebooks (JupyterHub), S3 object storage and the Spark operator; on OpenShift the ODH operator with dashboard and workbenches'
monitoring\t'Prometheus scraping pods annotated prometheus.io/scrape, and Grafana with the Prometheus data source and an Open Data Hub dashboard'
pipelines\t'Pipelines for MLOps workflows; Kubeflow Pipelines 2.17.0 standalone with Argo Workflows v4.0.5 on Kubernetes, Data Science Pipelines (DSC aipipelines/datasciencepipelines and a DataSciencePipelinesApplication) on OpenShift; artifacts in odh\'s S3 store'
serving\t'Model serving; Seldon Core 1.17.1 or KServe v0.20.0 (Standard mode, with cert-manager) on Kubernetes, KServe from the DataScienceCluster on OpenShift'
ai-library\t'AI Library model servers (sentiment analysis, flake analysis, duplicate bug detection); POST /api/v0.1/predictions through the Seldon executor, /predict on KServe'"
complete -c odh -n "__fish_odh_using_subcommand images" -s f -l values -d 'Values file (YAML); repeat to layer, later files win' -r -F
complete -c odh -n "__fish_odh_using_subcommand images" -l set -d 'Set one value (KEY=VALUE); applied after all -f files' -r -f -a "namespace=\t'Applications namespace where the Open Data Hub components run (DSCI applicationsNamespace on OpenShift)'
global.imageRegistry=\t'Registry host (and optional path) that replaces the registry of every image, for mirrors; empty keeps upstream registries'
global.imagePullPolicy=\t'imagePullPolicy of every container odh renders'
global.storageClass=\t'StorageClass for every PersistentVolumeClaim odh creates (including notebook home volumes); empty uses the cluster default'
jupyterhub.enabled=\t'Run JupyterHub (hub + configurable-http-proxy) for notebooks on Kubernetes'
jupyterhub.singleuserImage=\t'Notebook server image KubeSpawner starts for each user (pinned tag)'
jupyterhub.dbStorageSize=\t'Size of the hub\'s PVC that holds the JupyterHub sqlite database'
jupyterhub.userStorageSize=\t'Size of each user\'s home volume (PVC claim-<user>)'
jupyterhub.userCpuLimit=\t'CPU limit of each notebook server, in cores'
jupyterhub.userMemoryLimit=\t'Memory limit of each notebook server (JupyterHub byte units K, M, G, T)'
s3.enabled=\t'Provide S3 object storage (dev store or external endpoint) and its connection details'
s3.endpoint=\t'External S3 endpoint URL; empty runs the single-pod dev store (MinIO) in the applications namespace'
s3.bucket=\t'Bucket the platform uses (created in the dev store; must exist on an external endpoint)'
s3.region=\t'S3 region reported to clients'
s3.credentialsSecret=\t'Secret with keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; generated for the dev store, must already exist in the applications namespace when s3.endpoint is set'
s3.storageSize=\t'Size of the dev store\'s data PVC'
s3.engine=\t'S3 store when s3.endpoint is empty; minio is the single-pod dev store, rook runs Ceph (Rook v1.20.6) on the nodes\' disks or on PVCs with a CephObjectStore and an ObjectBucketClaim'
rook.nodeCount=\t's3.engine=rook: nodes that hold Ceph OSDs; sizes the cluster: 1 mon below 3 nodes else 3, 1 mgr on one node else 2, pool replicas min(nodes, 3)'
rook.storage=\t's3.engine=rook: devices uses the nodes\' empty raw disks (rook.deviceFilter), pvc puts each OSD on a Block-mode PersistentVolumeClaim'
rook.deviceFilter=\t's3.engine=rook, rook.storage=devices: regular expression over kernel device names (e.g. ^sd[b-d]); empty lets Rook take every empty disk (no partitions, no filesystem)'
rook.deviceSize=\t's3.engine=rook, rook.storage=pvc: size of each OSD\'s claim (one OSD per node)'
rook.deviceStorageClass=\t's3.engine=rook, rook.storage=pvc: StorageClass of the OSD claims, which must offer volumeMode Block; empty uses global.storageClass or the cluster default'
rook.discoveryDaemon=\t's3.engine=rook: run Rook\'s rook-discover DaemonSet, whose local-device-<node> ConfigMaps report each node\'s disks'
sparkOperator.enabled=\t'Run the Kubeflow Spark operator (Kubernetes) or set the DSC sparkoperator Managed (OpenShift, channel fast-3)'
sparkOperator.replicas=\t'Replicas of the Spark operator controller and of its webhook (leader election is on)'
spark.jobNamespace=\t'Namespace where SparkApplications run; created with the ServiceAccount spark-operator-spark'
operator.channel=\t'OLM channel of opendatahub-operator; fast-3 is ODH 3.x (DSC/DSCI v2), fast is ODH 2.x (DSC/DSCI v1)'
operator.installPlanApproval=\t'OLM install plan approval of the opendatahub-operator Subscription'
operator.startingCSV=\t'Pin the first installed CSV, e.g. opendatahub-operator.v3.5.0; empty installs the channel head'
monitoring.namespace=\t'Namespace for Prometheus and Grafana'
prometheus.enabled=\t'Run Prometheus v3.12.0 with Kubernetes pod discovery'
prometheus.scrapeInterval=\t'How often Prometheus scrapes each target'
prometheus.retention=\t'How long Prometheus keeps samples (--storage.tsdb.retention.time)'
prometheus.persistence=\t'Keep the Prometheus TSDB on a PVC; false uses an emptyDir that is lost with the pod'
prometheus.storageSize=\t'Size of the Prometheus PVC when prometheus.persistence is true'
grafana.enabled=\t'Run Grafana 13.0.2 with the provisioned Prometheus data source and dashboard'
grafana.route=\t'On OpenShift, expose Grafana through an edge-terminated Route'
pipelines.prefix=\t'Key prefix in the S3 bucket under which pipeline artifacts and run logs are kept'
pipelines.databaseStorageSize=\t'Size of the pipelines database\'s PVC (MySQL on Kubernetes; the DSPA\'s MariaDB on OpenShift)'
pipelines.ui=\t'Run the Kubeflow Pipelines UI (ml-pipeline-ui) on Kubernetes'
serving.engine=\t'Model serving engine on Kubernetes (OpenShift always uses the operator\'s KServe)'
seldon.namespace=\t'Namespace of the Seldon Core operator (serving.engine=seldon)'
serving.modelmesh=\t'On OpenShift with operator.channel=fast (ODH 2.x), also set the DataScienceCluster\'s modelmeshserving Managed (ModelMesh, many small models per pod, beside KServe); refused elsewhere, ODH 3.x has no ModelMesh'
aiLibrary.sentimentAnalysis.enabled=\t'Serve the sentiment analysis model'
aiLibrary.sentimentAnalysis.image=\t'Sentiment analysis TensorFlow Serving backend image (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.sentimentAnalysis.proxyImage=\t'Sentiment analysis proxy image, the model Seldon or KServe calls (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.flakeAnalysis.enabled=\t'Serve the test flake analysis model'
aiLibrary.flakeAnalysis.image=\t'Flake analysis image (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.duplicateBugDetection.enabled=\t'Serve the duplicate bug detection model'
aiLibrary.duplicateBugDetection.image=\t'Duplicate bug detection image (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.sampleData.enabled=\t'Seed the bucket with upstream\'s sample models and data (a Job; its image needs internet access)'
aiLibrary.sampleData.image=\t'Sample data image (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.sampleData.prefix=\t'Key prefix in the bucket under which the sample data is copied'
aiLibrary.replicas=\t'Replicas of each model server'"
complete -c odh -n "__fish_odh_using_subcommand images" -l include -d 'Your own manifests (a directory of .yaml/.yml/.json files, or one file) to install, track, report and uninstall with odh\'s; repeat for more; remembered by later installs' -r -F
complete -c odh -n "__fish_odh_using_subcommand images" -l platform -d 'Target platform' -r -f -a "auto\t'Detect from the cluster (OpenShift when route.openshift.io and OLM are served)'
kubernetes\t'Plain Kubernetes (kind, minikube, CI): upstream components installed directly'
openshift\t'OpenShift: the ODH operator through OLM'"
complete -c odh -n "__fish_odh_using_subcommand images" -l bundle -d 'Read remote files from a directory written by `odh fetch` instead of downloading' -r -F
complete -c odh -n "__fish_odh_using_subcommand images" -l source-mirror -d 'Download remote files from this mirror (URL/<host>/<path>) instead of upstream' -r
complete -c odh -n "__fish_odh_using_subcommand images" -l source-lock -d 'Lock file of `sha256  url` lines that adds or overrides pinned digests' -r -F
complete -c odh -n "__fish_odh_using_subcommand images" -l cache-dir -d 'Cache directory for downloaded files (default: the user cache directory)' -r -F
complete -c odh -n "__fish_odh_using_subcommand images" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c odh -n "__fish_odh_using_subcommand images" -l context -d 'Kubeconfig context to use (default: the current context)' -r
complete -c odh -n "__fish_odh_using_subcommand images" -s o -l output -d 'Output format of results on stdout' -r -f -a "text\t''
json\t''
yaml\t''"
complete -c odh -n "__fish_odh_using_subcommand images" -l request-timeout -d 'Give up on a single API server request after this long (e.g. 10s, 1m; 0: no limit)' -r
complete -c odh -n "__fish_odh_using_subcommand images" -l no-include -d 'Leave out the manifests an earlier install included (they are pruned)'
complete -c odh -n "__fish_odh_using_subcommand images" -l offline -d 'Never download: use only the cache or --bundle'
complete -c odh -n "__fish_odh_using_subcommand images" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_using_subcommand images" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_using_subcommand images" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_using_subcommand images" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_using_subcommand images" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c odh -n "__fish_odh_using_subcommand images" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_using_subcommand check" -s p -l profile -d 'Profiles to use, comma-separated or repeated (core, monitoring, serving, ai-library)' -r -f -a "core\t'Notebooks (JupyterHub), S3 object storage and the Spark operator; on OpenShift the ODH operator with dashboard and workbenches'
monitoring\t'Prometheus scraping pods annotated prometheus.io/scrape, and Grafana with the Prometheus data source and an Open Data Hub dashboard'
pipelines\t'Pipelines for MLOps workflows; Kubeflow Pipelines 2.17.0 standalone with Argo Workflows v4.0.5 on Kubernetes, Data Science Pipelines (DSC aipipelines/datasciencepipelines and a DataSciencePipelinesApplication) on OpenShift; artifacts in odh\'s S3 store'
serving\t'Model serving; Seldon Core 1.17.1 or KServe v0.20.0 (Standard mode, with cert-manager) on Kubernetes, KServe from the DataScienceCluster on OpenShift'
ai-library\t'AI Library model servers (sentiment analysis, flake analysis, duplicate bug detection); POST /api/v0.1/predictions through the Seldon executor, /predict on KServe'"
complete -c odh -n "__fish_odh_using_subcommand check" -s f -l values -d 'Values file (YAML); repeat to layer, later files win' -r -F
complete -c odh -n "__fish_odh_using_subcommand check" -l set -d 'Set one value (KEY=VALUE); applied after all -f files' -r -f -a "namespace=\t'Applications namespace where the Open Data Hub components run (DSCI applicationsNamespace on OpenShift)'
global.imageRegistry=\t'Registry host (and optional path) that replaces the registry of every image, for mirrors; empty keeps upstream registries'
global.imagePullPolicy=\t'imagePullPolicy of every container odh renders'
global.storageClass=\t'StorageClass for every PersistentVolumeClaim odh creates (including notebook home volumes); empty uses the cluster default'
jupyterhub.enabled=\t'Run JupyterHub (hub + configurable-http-proxy) for notebooks on Kubernetes'
jupyterhub.singleuserImage=\t'Notebook server image KubeSpawner starts for each user (pinned tag)'
jupyterhub.dbStorageSize=\t'Size of the hub\'s PVC that holds the JupyterHub sqlite database'
jupyterhub.userStorageSize=\t'Size of each user\'s home volume (PVC claim-<user>)'
jupyterhub.userCpuLimit=\t'CPU limit of each notebook server, in cores'
jupyterhub.userMemoryLimit=\t'Memory limit of each notebook server (JupyterHub byte units K, M, G, T)'
s3.enabled=\t'Provide S3 object storage (dev store or external endpoint) and its connection details'
s3.endpoint=\t'External S3 endpoint URL; empty runs the single-pod dev store (MinIO) in the applications namespace'
s3.bucket=\t'Bucket the platform uses (created in the dev store; must exist on an external endpoint)'
s3.region=\t'S3 region reported to clients'
s3.credentialsSecret=\t'Secret with keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; generated for the dev store, must already exist in the applications namespace when s3.endpoint is set'
s3.storageSize=\t'Size of the dev store\'s data PVC'
s3.engine=\t'S3 store when s3.endpoint is empty; minio is the single-pod dev store, rook runs Ceph (Rook v1.20.6) on the nodes\' disks or on PVCs with a CephObjectStore and an ObjectBucketClaim'
rook.nodeCount=\t's3.engine=rook: nodes that hold Ceph OSDs; sizes the cluster: 1 mon below 3 nodes else 3, 1 mgr on one node else 2, pool replicas min(nodes, 3)'
rook.storage=\t's3.engine=rook: devices uses the nodes\' empty raw disks (rook.deviceFilter), pvc puts each OSD on a Block-mode PersistentVolumeClaim'
rook.deviceFilter=\t's3.engine=rook, rook.storage=devices: regular expression over kernel device names (e.g. ^sd[b-d]); empty lets Rook take every empty disk (no partitions, no filesystem)'
rook.deviceSize=\t's3.engine=rook, rook.storage=pvc: size of each OSD\'s claim (one OSD per node)'
rook.deviceStorageClass=\t's3.engine=rook, rook.storage=pvc: StorageClass of the OSD claims, which must offer volumeMode Block; empty uses global.storageClass or the cluster default'
rook.discoveryDaemon=\t's3.engine=rook: run Rook\'s rook-discover DaemonSet, whose local-device-<node> ConfigMaps report each node\'s disks'
sparkOperator.enabled=\t'Run the Kubeflow Spark operator (Kubernetes) or set the DSC sparkoperator Managed (OpenShift, channel fast-3)'
sparkOperator.replicas=\t'Replicas of the Spark operator controller and of its webhook (leader election is on)'
spark.jobNamespace=\t'Namespace where SparkApplications run; created with the ServiceAccount spark-operator-spark'
operator.channel=\t'OLM channel of opendatahub-operator; fast-3 is ODH 3.x (DSC/DSCI v2), fast is ODH 2.x (DSC/DSCI v1)'
operator.installPlanApproval=\t'OLM install plan approval of the opendatahub-operator Subscription'
operator.startingCSV=\t'Pin the first installed CSV, e.g. opendatahub-operator.v3.5.0; empty installs the channel head'
monitoring.namespace=\t'Namespace for Prometheus and Grafana'
prometheus.enabled=\t'Run Prometheus v3.12.0 with Kubernetes pod discovery'
prometheus.scrapeInterval=\t'How often Prometheus scrapes each target'
prometheus.retention=\t'How long Prometheus keeps samples (--storage.tsdb.retention.time)'
prometheus.persistence=\t'Keep the Prometheus TSDB on a PVC; false uses an emptyDir that is lost with the pod'
prometheus.storageSize=\t'Size of the Prometheus PVC when prometheus.persistence is true'
grafana.enabled=\t'Run Grafana 13.0.2 with the provisioned Prometheus data source and dashboard'
grafana.route=\t'On OpenShift, expose Grafana through an edge-terminated Route'
pipelines.prefix=\t'Key prefix in the S3 bucket under which pipeline artifacts and run logs are kept'
pipelines.databaseStorageSize=\t'Size of the pipelines database\'s PVC (MySQL on Kubernetes; the DSPA\'s MariaDB on OpenShift)'
pipelines.ui=\t'Run the Kubeflow Pipelines UI (ml-pipeline-ui) on Kubernetes'
serving.engine=\t'Model serving engine on Kubernetes (OpenShift always uses the operator\'s KServe)'
seldon.namespace=\t'Namespace of the Seldon Core operator (serving.engine=seldon)'
serving.modelmesh=\t'On OpenShift with operator.channel=fast (ODH 2.x), also set the DataScienceCluster\'s modelmeshserving Managed (ModelMesh, many small models per pod, beside KServe); refused elsewhere, ODH 3.x has no ModelMesh'
aiLibrary.sentimentAnalysis.enabled=\t'Serve the sentiment analysis model'
aiLibrary.sentimentAnalysis.image=\t'Sentiment analysis TensorFlow Serving backend image (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.sentimentAnalysis.proxyImage=\t'Sentiment analysis proxy image, the model Seldon or KServe calls (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.flakeAnalysis.enabled=\t'Serve the test flake analysis model'
aiLibrary.flakeAnalysis.image=\t'Flake analysis image (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.duplicateBugDetection.enabled=\t'Serve the duplicate bug detection model'
aiLibrary.duplicateBugDetection.image=\t'Duplicate bug detection image (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.sampleData.enabled=\t'Seed the bucket with upstream\'s sample models and data (a Job; its image needs internet access)'
aiLibrary.sampleData.image=\t'Sample data image (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.sampleData.prefix=\t'Key prefix in the bucket under which the sample data is copied'
aiLibrary.replicas=\t'Replicas of each model server'"
complete -c odh -n "__fish_odh_using_subcommand check" -l include -d 'Your own manifests (a directory of .yaml/.yml/.json files, or one file) to install, track, report and uninstall with odh\'s; repeat for more; remembered by later installs' -r -F
complete -c odh -n "__fish_odh_using_subcommand check" -l platform -d 'Target platform (auto: OpenShift when the cluster serves routes and OLM)' -r -f -a "auto\t'Detect from the cluster (OpenShift when route.openshift.io and OLM are served)'
kubernetes\t'Plain Kubernetes (kind, minikube, CI): upstream components installed directly'
openshift\t'OpenShift: the ODH operator through OLM'"
complete -c odh -n "__fish_odh_using_subcommand check" -l bundle -d 'Read remote files from a directory written by `odh fetch` instead of downloading' -r -F
complete -c odh -n "__fish_odh_using_subcommand check" -l source-mirror -d 'Download remote files from this mirror (URL/<host>/<path>) instead of upstream' -r
complete -c odh -n "__fish_odh_using_subcommand check" -l source-lock -d 'Lock file of `sha256  url` lines that adds or overrides pinned digests' -r -F
complete -c odh -n "__fish_odh_using_subcommand check" -l cache-dir -d 'Cache directory for downloaded files (default: the user cache directory)' -r -F
complete -c odh -n "__fish_odh_using_subcommand check" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c odh -n "__fish_odh_using_subcommand check" -l context -d 'Kubeconfig context to use (default: the current context)' -r
complete -c odh -n "__fish_odh_using_subcommand check" -s o -l output -d 'Output format of results on stdout' -r -f -a "text\t''
json\t''
yaml\t''"
complete -c odh -n "__fish_odh_using_subcommand check" -l request-timeout -d 'Give up on a single API server request after this long (e.g. 10s, 1m; 0: no limit)' -r
complete -c odh -n "__fish_odh_using_subcommand check" -l no-include -d 'Leave out the manifests an earlier install included (they are pruned)'
complete -c odh -n "__fish_odh_using_subcommand check" -l offline -d 'Never download: use only the cache or --bundle'
complete -c odh -n "__fish_odh_using_subcommand check" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_using_subcommand check" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_using_subcommand check" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_using_subcommand check" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c odh -n "__fish_odh_using_subcommand check" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_using_subcommand install" -s p -l profile -d 'Profiles to use, comma-separated or repeated (core, monitoring, serving, ai-library)' -r -f -a "core\t'Notebooks (JupyterHub), S3 object storage and the Spark operator; on OpenShift the ODH operator with dashboard and workbenches'
monitoring\t'Prometheus scraping pods annotated prometheus.io/scrape, and Grafana with the Prometheus data source and an Open Data Hub dashboard'
pipelines\t'Pipelines for MLOps workflows; Kubeflow Pipelines 2.17.0 standalone with Argo Workflows v4.0.5 on Kubernetes, Data Science Pipelines (DSC aipipelines/datasciencepipelines and a DataSciencePipelinesApplication) on OpenShift; artifacts in odh\'s S3 store'
serving\t'Model serving; Seldon Core 1.17.1 or KServe v0.20.0 (Standard mode, with cert-manager) on Kubernetes, KServe from the DataScienceCluster on OpenShift'
ai-library\t'AI Library model servers (sentiment analysis, flake analysis, duplicate bug detection); POST /api/v0.1/predictions through the Seldon executor, /predict on KServe'"
complete -c odh -n "__fish_odh_using_subcommand install" -s f -l values -d 'Values file (YAML); repeat to layer, later files win' -r -F
complete -c odh -n "__fish_odh_using_subcommand install" -l set -d 'Set one value (KEY=VALUE); applied after all -f files' -r -f -a "namespace=\t'Applications namespace where the Open Data Hub components run (DSCI applicationsNamespace on OpenShift)'
global.imageRegistry=\t'Registry host (and optional path) that replaces the registry of every image, for mirrors; empty keeps upstream registries'
global.imagePullPolicy=\t'imagePullPolicy of every container odh renders'
global.storageClass=\t'StorageClass for every PersistentVolumeClaim odh creates (including notebook home volumes); empty uses the cluster default'
jupyterhub.enabled=\t'Run JupyterHub (hub + configurable-http-proxy) for notebooks on Kubernetes'
jupyterhub.singleuserImage=\t'Notebook server image KubeSpawner starts for each user (pinned tag)'
jupyterhub.dbStorageSize=\t'Size of the hub\'s PVC that holds the JupyterHub sqlite database'
jupyterhub.userStorageSize=\t'Size of each user\'s home volume (PVC claim-<user>)'
jupyterhub.userCpuLimit=\t'CPU limit of each notebook server, in cores'
jupyterhub.userMemoryLimit=\t'Memory limit of each notebook server (JupyterHub byte units K, M, G, T)'
s3.enabled=\t'Provide S3 object storage (dev store or external endpoint) and its connection details'
s3.endpoint=\t'External S3 endpoint URL; empty runs the single-pod dev store (MinIO) in the applications namespace'
s3.bucket=\t'Bucket the platform uses (created in the dev store; must exist on an external endpoint)'
s3.region=\t'S3 region reported to clients'
s3.credentialsSecret=\t'Secret with keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; generated for the dev store, must already exist in the applications namespace when s3.endpoint is set'
s3.storageSize=\t'Size of the dev store\'s data PVC'
s3.engine=\t'S3 store when s3.endpoint is empty; minio is the single-pod dev store, rook runs Ceph (Rook v1.20.6) on the nodes\' disks or on PVCs with a CephObjectStore and an ObjectBucketClaim'
rook.nodeCount=\t's3.engine=rook: nodes that hold Ceph OSDs; sizes the cluster: 1 mon below 3 nodes else 3, 1 mgr on one node else 2, pool replicas min(nodes, 3)'
rook.storage=\t's3.engine=rook: devices uses the nodes\' empty raw disks (rook.deviceFilter), pvc puts each OSD on a Block-mode PersistentVolumeClaim'
rook.deviceFilter=\t's3.engine=rook, rook.storage=devices: regular expression over kernel device names (e.g. ^sd[b-d]); empty lets Rook take every empty disk (no partitions, no filesystem)'
rook.deviceSize=\t's3.engine=rook, rook.storage=pvc: size of each OSD\'s claim (one OSD per node)'
rook.deviceStorageClass=\t's3.engine=rook, rook.storage=pvc: StorageClass of the OSD claims, which must offer volumeMode Block; empty uses global.storageClass or the cluster default'
rook.discoveryDaemon=\t's3.engine=rook: run Rook\'s rook-discover DaemonSet, whose local-device-<node> ConfigMaps report each node\'s disks'
sparkOperator.enabled=\t'Run the Kubeflow Spark operator (Kubernetes) or set the DSC sparkoperator Managed (OpenShift, channel fast-3)'
sparkOperator.replicas=\t'Replicas of the Spark operator controller and of its webhook (leader election is on)'
spark.jobNamespace=\t'Namespace where SparkApplications run; created with the ServiceAccount spark-operator-spark'
operator.channel=\t'OLM channel of opendatahub-operator; fast-3 is ODH 3.x (DSC/DSCI v2), fast is ODH 2.x (DSC/DSCI v1)'
operator.installPlanApproval=\t'OLM install plan approval of the opendatahub-operator Subscription'
operator.startingCSV=\t'Pin the first installed CSV, e.g. opendatahub-operator.v3.5.0; empty installs the channel head'
monitoring.namespace=\t'Namespace for Prometheus and Grafana'
prometheus.enabled=\t'Run Prometheus v3.12.0 with Kubernetes pod discovery'
prometheus.scrapeInterval=\t'How often Prometheus scrapes each target'
prometheus.retention=\t'How long Prometheus keeps samples (--storage.tsdb.retention.time)'
prometheus.persistence=\t'Keep the Prometheus TSDB on a PVC; false uses an emptyDir that is lost with the pod'
prometheus.storageSize=\t'Size of the Prometheus PVC when prometheus.persistence is true'
grafana.enabled=\t'Run Grafana 13.0.2 with the provisioned Prometheus data source and dashboard'
grafana.route=\t'On OpenShift, expose Grafana through an edge-terminated Route'
pipelines.prefix=\t'Key prefix in the S3 bucket under which pipeline artifacts and run logs are kept'
pipelines.databaseStorageSize=\t'Size of the pipelines database\'s PVC (MySQL on Kubernetes; the DSPA\'s MariaDB on OpenShift)'
pipelines.ui=\t'Run the Kubeflow Pipelines UI (ml-pipeline-ui) on Kubernetes'
serving.engine=\t'Model serving engine on Kubernetes (OpenShift always uses the operator\'s KServe)'
seldon.namespace=\t'Namespace of the Seldon Core operator (serving.engine=seldon)'
serving.modelmesh=\t'On OpenShift with operator.channel=fast (ODH 2.x), also set the DataScienceCluster\'s modelmeshserving Managed (ModelMesh, many small models per pod, beside KServe); refused elsewhere, ODH 3.x has no ModelMesh'
aiLibrary.sentimentAnalysis.enabled=\t'Serve the sentiment analysis model'
aiLibrary.sentimentAnalysis.image=\t'Sentiment analysis TensorFlow Serving backend image (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.sentimentAnalysis.proxyImage=\t'Sentiment analysis proxy image, the model Seldon or KServe calls (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.flakeAnalysis.enabled=\t'Serve the test flake analysis model'
aiLibrary.flakeAnalysis.image=\t'Flake analysis image (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.duplicateBugDetection.enabled=\t'Serve the duplicate bug detection model'
aiLibrary.duplicateBugDetection.image=\t'Duplicate bug detection image (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.sampleData.enabled=\t'Seed the bucket with upstream\'s sample models and data (a Job; its image needs internet access)'
aiLibrary.sampleData.image=\t'Sample data image (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.sampleData.prefix=\t'Key prefix in the bucket under which the sample data is copied'
aiLibrary.replicas=\t'Replicas of each model server'"
complete -c odh -n "__fish_odh_using_subcommand install" -l include -d 'Your own manifests (a directory of .yaml/.yml/.json files, or one file) to install, track, report and uninstall with odh\'s; repeat for more; remembered by later installs' -r -F
complete -c odh -n "__fish_odh_using_subcommand install" -l platform -d 'Target platform (auto: OpenShift when the cluster serves routes and OLM)' -r -f -a "auto\t'Detect from the cluster (OpenShift when route.openshift.io and OLM are served)'
kubernetes\t'Plain Kubernetes (kind, minikube, CI): upstream components installed directly'
openshift\t'OpenShift: the ODH operator through OLM'"
complete -c odh -n "__fish_odh_using_subcommand install" -l timeout -d 'Give up waiting after this long (e.g. 90s, 10m, 1h30m)' -r
complete -c odh -n "__fish_odh_using_subcommand install" -l grace -d 'How long an object may report a failure (image pull, crash loop) before the install fails' -r
complete -c odh -n "__fish_odh_using_subcommand install" -l concurrency -d 'Requests to the API server at once' -r
complete -c odh -n "__fish_odh_using_subcommand install" -l bundle -d 'Read remote files from a directory written by `odh fetch` instead of downloading' -r -F
complete -c odh -n "__fish_odh_using_subcommand install" -l source-mirror -d 'Download remote files from this mirror (URL/<host>/<path>) instead of upstream' -r
complete -c odh -n "__fish_odh_using_subcommand install" -l source-lock -d 'Lock file of `sha256  url` lines that adds or overrides pinned digests' -r -F
complete -c odh -n "__fish_odh_using_subcommand install" -l cache-dir -d 'Cache directory for downloaded files (default: the user cache directory)' -r -F
complete -c odh -n "__fish_odh_using_subcommand install" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c odh -n "__fish_odh_using_subcommand install" -l context -d 'Kubeconfig context to use (default: the current context)' -r
complete -c odh -n "__fish_odh_using_subcommand install" -s o -l output -d 'Output format of results on stdout' -r -f -a "text\t''
json\t''
yaml\t''"
complete -c odh -n "__fish_odh_using_subcommand install" -l request-timeout -d 'Give up on a single API server request after this long (e.g. 10s, 1m; 0: no limit)' -r
complete -c odh -n "__fish_odh_using_subcommand install" -l no-include -d 'Leave out the manifests an earlier install included (they are pruned)'
complete -c odh -n "__fish_odh_using_subcommand install" -l dry-run -d 'Print the plan with what would happen to each object; change nothing'
complete -c odh -n "__fish_odh_using_subcommand install" -l adopt -d 'Take over existing objects that odh does not manage yet'
complete -c odh -n "__fish_odh_using_subcommand install" -l force-conflicts -d 'Take over fields that another field manager owns'
complete -c odh -n "__fish_odh_using_subcommand install" -l skip-checks -d 'Do not run the checks of `odh check` before installing'
complete -c odh -n "__fish_odh_using_subcommand install" -l verify -d 'After a successful install, run the fast checks of `odh verify` (exit 1 if one fails)'
complete -c odh -n "__fish_odh_using_subcommand install" -l offline -d 'Never download: use only the cache or --bundle'
complete -c odh -n "__fish_odh_using_subcommand install" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_using_subcommand install" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_using_subcommand install" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_using_subcommand install" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_using_subcommand install" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c odh -n "__fish_odh_using_subcommand install" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_using_subcommand diff" -s p -l profile -d 'Profiles to use, comma-separated or repeated (core, monitoring, serving, ai-library)' -r -f -a "core\t'Notebooks (JupyterHub), S3 object storage and the Spark operator; on OpenShift the ODH operator with dashboard and workbenches'
monitoring\t'Prometheus scraping pods annotated prometheus.io/scrape, and Grafana with the Prometheus data source and an Open Data Hub dashboard'
pipelines\t'Pipelines for MLOps workflows; Kubeflow Pipelines 2.17.0 standalone with Argo Workflows v4.0.5 on Kubernetes, Data Science Pipelines (DSC aipipelines/datasciencepipelines and a DataSciencePipelinesApplication) on OpenShift; artifacts in odh\'s S3 store'
serving\t'Model serving; Seldon Core 1.17.1 or KServe v0.20.0 (Standard mode, with cert-manager) on Kubernetes, KServe from the DataScienceCluster on OpenShift'
ai-library\t'AI Library model servers (sentiment analysis, flake analysis, duplicate bug detection); POST /api/v0.1/predictions through the Seldon executor, /predict on KServe'"
complete -c odh -n "__fish_odh_using_subcommand diff" -s f -l values -d 'Values file (YAML); repeat to layer, later files win' -r -F
complete -c odh -n "__fish_odh_using_subcommand diff" -l set -d 'Set one value (KEY=VALUE); applied after all -f files' -r -f -a "namespace=\t'Applications namespace where the Open Data Hub components run (DSCI applicationsNamespace on OpenShift)'
global.imageRegistry=\t'Registry host (and optional path) that replaces the registry of every image, for mirrors; empty keeps upstream registries'
global.imagePullPolicy=\t'imagePullPolicy of every container odh renders'
global.storageClass=\t'StorageClass for every PersistentVolumeClaim odh creates (including notebook home volumes); empty uses the cluster default'
jupyterhub.enabled=\t'Run JupyterHub (hub + configurable-http-proxy) for notebooks on Kubernetes'
jupyterhub.singleuserImage=\t'Notebook server image KubeSpawner starts for each user (pinned tag)'
jupyterhub.dbStorageSize=\t'Size of the hub\'s PVC that holds the JupyterHub sqlite database'
jupyterhub.userStorageSize=\t'Size of each user\'s home volume (PVC claim-<user>)'
jupyterhub.userCpuLimit=\t'CPU limit of each notebook server, in cores'
jupyterhub.userMemoryLimit=\t'Memory limit of each notebook server (JupyterHub byte units K, M, G, T)'
s3.enabled=\t'Provide S3 object storage (dev store or external endpoint) and its connection details'
s3.endpoint=\t'External S3 endpoint URL; empty runs the single-pod dev store (MinIO) in the applications namespace'
s3.bucket=\t'Bucket the platform uses (created in the dev store; must exist on an external endpoint)'
s3.region=\t'S3 region reported to clients'
s3.credentialsSecret=\t'Secret with keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; generated for the dev store, must already exist in the applications namespace when s3.endpoint is set'
s3.storageSize=\t'Size of the dev store\'s data PVC'
s3.engine=\t'S3 store when s3.endpoint is empty; minio is the single-pod dev store, rook runs Ceph (Rook v1.20.6) on the nodes\' disks or on PVCs with a CephObjectStore and an ObjectBucketClaim'
rook.nodeCount=\t's3.engine=rook: nodes that hold Ceph OSDs; sizes the cluster: 1 mon below 3 nodes else 3, 1 mgr on one node else 2, pool replicas min(nodes, 3)'
rook.storage=\t's3.engine=rook: devices uses the nodes\' empty raw disks (rook.deviceFilter), pvc puts each OSD on a Block-mode PersistentVolumeClaim'
rook.deviceFilter=\t's3.engine=rook, rook.storage=devices: regular expression over kernel device names (e.g. ^sd[b-d]); empty lets Rook take every empty disk (no partitions, no filesystem)'
rook.deviceSize=\t's3.engine=rook, rook.storage=pvc: size of each OSD\'s claim (one OSD per node)'
rook.deviceStorageClass=\t's3.engine=rook, rook.storage=pvc: StorageClass of the OSD claims, which must offer volumeMode Block; empty uses global.storageClass or the cluster default'
rook.discoveryDaemon=\t's3.engine=rook: run Rook\'s rook-discover DaemonSet, whose local-device-<node> ConfigMaps report each node\'s disks'
sparkOperator.enabled=\t'Run the Kubeflow Spark operator (Kubernetes) or set the DSC sparkoperator Managed (OpenShift, channel fast-3)'
sparkOperator.replicas=\t'Replicas of the Spark operator controller and of its webhook (leader election is on)'
spark.jobNamespace=\t'Namespace where SparkApplications run; created with the ServiceAccount spark-operator-spark'
operator.channel=\t'OLM channel of opendatahub-operator; fast-3 is ODH 3.x (DSC/DSCI v2), fast is ODH 2.x (DSC/DSCI v1)'
operator.installPlanApproval=\t'OLM install plan approval of the opendatahub-operator Subscription'
operator.startingCSV=\t'Pin the first installed CSV, e.g. opendatahub-operator.v3.5.0; empty installs the channel head'
monitoring.namespace=\t'Namespace for Prometheus and Grafana'
prometheus.enabled=\t'Run Prometheus v3.12.0 with Kubernetes pod discovery'
prometheus.scrapeInterval=\t'How often Prometheus scrapes each target'
prometheus.retention=\t'How long Prometheus keeps samples (--storage.tsdb.retention.time)'
prometheus.persistence=\t'Keep the Prometheus TSDB on a PVC; false uses an emptyDir that is lost with the pod'
prometheus.storageSize=\t'Size of the Prometheus PVC when prometheus.persistence is true'
grafana.enabled=\t'Run Grafana 13.0.2 with the provisioned Prometheus data source and dashboard'
grafana.route=\t'On OpenShift, expose Grafana through an edge-terminated Route'
pipelines.prefix=\t'Key prefix in the S3 bucket under which pipeline artifacts and run logs are kept'
pipelines.databaseStorageSize=\t'Size of the pipelines database\'s PVC (MySQL on Kubernetes; the DSPA\'s MariaDB on OpenShift)'
pipelines.ui=\t'Run the Kubeflow Pipelines UI (ml-pipeline-ui) on Kubernetes'
serving.engine=\t'Model serving engine on Kubernetes (OpenShift always uses the operator\'s KServe)'
seldon.namespace=\t'Namespace of the Seldon Core operator (serving.engine=seldon)'
serving.modelmesh=\t'On OpenShift with operator.channel=fast (ODH 2.x), also set the DataScienceCluster\'s modelmeshserving Managed (ModelMesh, many small models per pod, beside KServe); refused elsewhere, ODH 3.x has no ModelMesh'
aiLibrary.sentimentAnalysis.enabled=\t'Serve the sentiment analysis model'
aiLibrary.sentimentAnalysis.image=\t'Sentiment analysis TensorFlow Serving backend image (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.sentimentAnalysis.proxyImage=\t'Sentiment analysis proxy image, the model Seldon or KServe calls (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.flakeAnalysis.enabled=\t'Serve the test flake analysis model'
aiLibrary.flakeAnalysis.image=\t'Flake analysis image (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.duplicateBugDetection.enabled=\t'Serve the duplicate bug detection model'
aiLibrary.duplicateBugDetection.image=\t'Duplicate bug detection image (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.sampleData.enabled=\t'Seed the bucket with upstream\'s sample models and data (a Job; its image needs internet access)'
aiLibrary.sampleData.image=\t'Sample data image (upstream publishes only latest; pin a tag or digest here)'
aiLibrary.sampleData.prefix=\t'Key prefix in the bucket under which the sample data is copied'
aiLibrary.replicas=\t'Replicas of each model server'"
complete -c odh -n "__fish_odh_using_subcommand diff" -l include -d 'Your own manifests (a directory of .yaml/.yml/.json files, or one file) to install, track, report and uninstall with odh\'s; repeat for more; remembered by later installs' -r -F
complete -c odh -n "__fish_odh_using_subcommand diff" -l platform -d 'Target platform (auto: OpenShift when the cluster serves routes and OLM)' -r -f -a "auto\t'Detect from the cluster (OpenShift when route.openshift.io and OLM are served)'
kubernetes\t'Plain Kubernetes (kind, minikube, CI): upstream components installed directly'
openshift\t'OpenShift: the ODH operator through OLM'"
complete -c odh -n "__fish_odh_using_subcommand diff" -l bundle -d 'Read remote files from a directory written by `odh fetch` instead of downloading' -r -F
complete -c odh -n "__fish_odh_using_subcommand diff" -l source-mirror -d 'Download remote files from this mirror (URL/<host>/<path>) instead of upstream' -r
complete -c odh -n "__fish_odh_using_subcommand diff" -l source-lock -d 'Lock file of `sha256  url` lines that adds or overrides pinned digests' -r -F
complete -c odh -n "__fish_odh_using_subcommand diff" -l cache-dir -d 'Cache directory for downloaded files (default: the user cache directory)' -r -F
complete -c odh -n "__fish_odh_using_subcommand diff" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c odh -n "__fish_odh_using_subcommand diff" -l context -d 'Kubeconfig context to use (default: the current context)' -r
complete -c odh -n "__fish_odh_using_subcommand diff" -s o -l output -d 'Output format of results on stdout' -r -f -a "text\t''
json\t''
yaml\t''"
complete -c odh -n "__fish_odh_using_subcommand diff" -l request-timeout -d 'Give up on a single API server request after this long (e.g. 10s, 1m; 0: no limit)' -r
complete -c odh -n "__fish_odh_using_subcommand diff" -l no-include -d 'Leave out the manifests an earlier install included (they are pruned)'
complete -c odh -n "__fish_odh_using_subcommand diff" -l offline -d 'Never download: use only the cache or --bundle'
complete -c odh -n "__fish_odh_using_subcommand diff" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_using_subcommand diff" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_using_subcommand diff" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_using_subcommand diff" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c odh -n "__fish_odh_using_subcommand diff" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_using_subcommand status" -s n -l namespace -d 'The applications namespace holding the installation\'s inventory' -r
complete -c odh -n "__fish_odh_using_subcommand status" -s p -l profile -d 'Only these installed profiles (comma-separated or repeated)' -r -f -a "core\t'Notebooks (JupyterHub), S3 object storage and the Spark operator; on OpenShift the ODH operator with dashboard and workbenches'
monitoring\t'Prometheus scraping pods annotated prometheus.io/scrape, and Grafana with the Prometheus data source and an Open Data Hub dashboard'
pipelines\t'Pipelines for MLOps workflows; Kubeflow Pipelines 2.17.0 standalone with Argo Workflows v4.0.5 on Kubernetes, Data Science Pipelines (DSC aipipelines/datasciencepipelines and a DataSciencePipelinesApplication) on OpenShift; artifacts in odh\'s S3 store'
serving\t'Model serving; Seldon Core 1.17.1 or KServe v0.20.0 (Standard mode, with cert-manager) on Kubernetes, KServe from the DataScienceCluster on OpenShift'
ai-library\t'AI Library model servers (sentiment analysis, flake analysis, duplicate bug detection); POST /api/v0.1/predictions through the Seldon executor, /predict on KServe'"
complete -c odh -n "__fish_odh_using_subcommand status" -l timeout -d 'How long --wait waits (e.g. 90s, 10m)' -r
complete -c odh -n "__fish_odh_using_subcommand status" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c odh -n "__fish_odh_using_subcommand status" -l context -d 'Kubeconfig context to use (default: the current context)' -r
complete -c odh -n "__fish_odh_using_subcommand status" -s o -l output -d 'Output format of results on stdout' -r -f -a "text\t''
json\t''
yaml\t''"
complete -c odh -n "__fish_odh_using_subcommand status" -l request-timeout -d 'Give up on a single API server request after this long (e.g. 10s, 1m; 0: no limit)' -r
complete -c odh -n "__fish_odh_using_subcommand status" -l wait -d 'Wait until every object is ready (exit 3 at --timeout)'
complete -c odh -n "__fish_odh_using_subcommand status" -l watch -d 'Keep watching and report each change until Ctrl-C (redraws on a terminal)'
complete -c odh -n "__fish_odh_using_subcommand status" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_using_subcommand status" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_using_subcommand status" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_using_subcommand status" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c odh -n "__fish_odh_using_subcommand status" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_using_subcommand verify" -s n -l namespace -d 'The applications namespace holding the installation\'s inventory' -r
complete -c odh -n "__fish_odh_using_subcommand verify" -s p -l profile -d 'Only these installed profiles (comma-separated or repeated)' -r -f -a "core\t'Notebooks (JupyterHub), S3 object storage and the Spark operator; on OpenShift the ODH operator with dashboard and workbenches'
monitoring\t'Prometheus scraping pods annotated prometheus.io/scrape, and Grafana with the Prometheus data source and an Open Data Hub dashboard'
pipelines\t'Pipelines for MLOps workflows; Kubeflow Pipelines 2.17.0 standalone with Argo Workflows v4.0.5 on Kubernetes, Data Science Pipelines (DSC aipipelines/datasciencepipelines and a DataSciencePipelinesApplication) on OpenShift; artifacts in odh\'s S3 store'
serving\t'Model serving; Seldon Core 1.17.1 or KServe v0.20.0 (Standard mode, with cert-manager) on Kubernetes, KServe from the DataScienceCluster on OpenShift'
ai-library\t'AI Library model servers (sentiment analysis, flake analysis, duplicate bug detection); POST /api/v0.1/predictions through the Seldon executor, /predict on KServe'"
complete -c odh -n "__fish_odh_using_subcommand verify" -l timeout -d 'Give up after this long; checks still running fail (default 5m, 15m with --include-slow)' -r
complete -c odh -n "__fish_odh_using_subcommand verify" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c odh -n "__fish_odh_using_subcommand verify" -l context -d 'Kubeconfig context to use (default: the current context)' -r
complete -c odh -n "__fish_odh_using_subcommand verify" -s o -l output -d 'Output format of results on stdout' -r -f -a "text\t''
json\t''
yaml\t''"
complete -c odh -n "__fish_odh_using_subcommand verify" -l request-timeout -d 'Give up on a single API server request after this long (e.g. 10s, 1m; 0: no limit)' -r
complete -c odh -n "__fish_odh_using_subcommand verify" -l include-slow -d 'Also run a SparkPi application and start a notebook server (minutes)'
complete -c odh -n "__fish_odh_using_subcommand verify" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_using_subcommand verify" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_using_subcommand verify" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_using_subcommand verify" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c odh -n "__fish_odh_using_subcommand verify" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_using_subcommand uninstall" -s n -l namespace -d 'The applications namespace holding the installation\'s inventory' -r
complete -c odh -n "__fish_odh_using_subcommand uninstall" -s p -l profile -d 'Only these installed profiles (comma-separated or repeated)' -r -f -a "core\t'Notebooks (JupyterHub), S3 object storage and the Spark operator; on OpenShift the ODH operator with dashboard and workbenches'
monitoring\t'Prometheus scraping pods annotated prometheus.io/scrape, and Grafana with the Prometheus data source and an Open Data Hub dashboard'
pipelines\t'Pipelines for MLOps workflows; Kubeflow Pipelines 2.17.0 standalone with Argo Workflows v4.0.5 on Kubernetes, Data Science Pipelines (DSC aipipelines/datasciencepipelines and a DataSciencePipelinesApplication) on OpenShift; artifacts in odh\'s S3 store'
serving\t'Model serving; Seldon Core 1.17.1 or KServe v0.20.0 (Standard mode, with cert-manager) on Kubernetes, KServe from the DataScienceCluster on OpenShift'
ai-library\t'AI Library model servers (sentiment analysis, flake analysis, duplicate bug detection); POST /api/v0.1/predictions through the Seldon executor, /predict on KServe'"
complete -c odh -n "__fish_odh_using_subcommand uninstall" -l timeout -d 'Give up waiting for deletions after this long (e.g. 90s, 10m)' -r
complete -c odh -n "__fish_odh_using_subcommand uninstall" -l bundle -d 'Read remote files from a directory written by `odh fetch` instead of downloading' -r -F
complete -c odh -n "__fish_odh_using_subcommand uninstall" -l source-mirror -d 'Download remote files from this mirror (URL/<host>/<path>) instead of upstream' -r
complete -c odh -n "__fish_odh_using_subcommand uninstall" -l source-lock -d 'Lock file of `sha256  url` lines that adds or overrides pinned digests' -r -F
complete -c odh -n "__fish_odh_using_subcommand uninstall" -l cache-dir -d 'Cache directory for downloaded files (default: the user cache directory)' -r -F
complete -c odh -n "__fish_odh_using_subcommand uninstall" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c odh -n "__fish_odh_using_subcommand uninstall" -l context -d 'Kubeconfig context to use (default: the current context)' -r
complete -c odh -n "__fish_odh_using_subcommand uninstall" -s o -l output -d 'Output format of results on stdout' -r -f -a "text\t''
json\t''
yaml\t''"
complete -c odh -n "__fish_odh_using_subcommand uninstall" -l request-timeout -d 'Give up on a single API server request after this long (e.g. 10s, 1m; 0: no limit)' -r
complete -c odh -n "__fish_odh_using_subcommand uninstall" -l purge -d 'Also delete claims holding data, the namespaces holding them, and CRDs no custom resource uses'
complete -c odh -n "__fish_odh_using_subcommand uninstall" -l remove-orphaned-finalizers -d 'Take a finalizer off an object being deleted when the controller that clears it is confirmed gone (never for unknown or control-plane finalizers)'
complete -c odh -n "__fish_odh_using_subcommand uninstall" -l offline -d 'Never download: use only the cache or --bundle'
complete -c odh -n "__fish_odh_using_subcommand uninstall" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_using_subcommand uninstall" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_using_subcommand uninstall" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_using_subcommand uninstall" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_using_subcommand uninstall" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c odh -n "__fish_odh_using_subcommand uninstall" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_using_subcommand fetch" -s p -l profile -d 'Profiles whose remote files to fetch (all components, every platform and engine)' -r -f -a "core\t'Notebooks (JupyterHub), S3 object storage and the Spark operator; on OpenShift the ODH operator with dashboard and workbenches'
monitoring\t'Prometheus scraping pods annotated prometheus.io/scrape, and Grafana with the Prometheus data source and an Open Data Hub dashboard'
pipelines\t'Pipelines for MLOps workflows; Kubeflow Pipelines 2.17.0 standalone with Argo Workflows v4.0.5 on Kubernetes, Data Science Pipelines (DSC aipipelines/datasciencepipelines and a DataSciencePipelinesApplication) on OpenShift; artifacts in odh\'s S3 store'
serving\t'Model serving; Seldon Core 1.17.1 or KServe v0.20.0 (Standard mode, with cert-manager) on Kubernetes, KServe from the DataScienceCluster on OpenShift'
ai-library\t'AI Library model servers (sentiment analysis, flake analysis, duplicate bug detection); POST /api/v0.1/predictions through the Seldon executor, /predict on KServe'"
complete -c odh -n "__fish_odh_using_subcommand fetch" -l to -d 'Directory to write the files into (layout URL host/path, plus sources.lock)' -r -F
complete -c odh -n "__fish_odh_using_subcommand fetch" -l bundle -d 'Read remote files from a directory written by `odh fetch` instead of downloading' -r -F
complete -c odh -n "__fish_odh_using_subcommand fetch" -l source-mirror -d 'Download remote files from this mirror (URL/<host>/<path>) instead of upstream' -r
complete -c odh -n "__fish_odh_using_subcommand fetch" -l source-lock -d 'Lock file of `sha256  url` lines that adds or overrides pinned digests' -r -F
complete -c odh -n "__fish_odh_using_subcommand fetch" -l cache-dir -d 'Cache directory for downloaded files (default: the user cache directory)' -r -F
complete -c odh -n "__fish_odh_using_subcommand fetch" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c odh -n "__fish_odh_using_subcommand fetch" -l context -d 'Kubeconfig context to use (default: the current context)' -r
complete -c odh -n "__fish_odh_using_subcommand fetch" -s o -l output -d 'Output format of results on stdout' -r -f -a "text\t''
json\t''
yaml\t''"
complete -c odh -n "__fish_odh_using_subcommand fetch" -l request-timeout -d 'Give up on a single API server request after this long (e.g. 10s, 1m; 0: no limit)' -r
complete -c odh -n "__fish_odh_using_subcommand fetch" -l offline -d 'Never download: use only the cache or --bundle'
complete -c odh -n "__fish_odh_using_subcommand fetch" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_using_subcommand fetch" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_using_subcommand fetch" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_using_subcommand fetch" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_using_subcommand fetch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c odh -n "__fish_odh_using_subcommand fetch" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_using_subcommand completions" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c odh -n "__fish_odh_using_subcommand completions" -l context -d 'Kubeconfig context to use (default: the current context)' -r
complete -c odh -n "__fish_odh_using_subcommand completions" -s o -l output -d 'Output format of results on stdout' -r -f -a "text\t''
json\t''
yaml\t''"
complete -c odh -n "__fish_odh_using_subcommand completions" -l request-timeout -d 'Give up on a single API server request after this long (e.g. 10s, 1m; 0: no limit)' -r
complete -c odh -n "__fish_odh_using_subcommand completions" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_using_subcommand completions" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_using_subcommand completions" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_using_subcommand completions" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_using_subcommand completions" -s h -l help -d 'Print help'
complete -c odh -n "__fish_odh_using_subcommand completions" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images check install diff status verify uninstall fetch completions help" -f -a "profiles" -d 'List profiles with their components, dependencies, platforms and parameters'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images check install diff status verify uninstall fetch completions help" -f -a "render" -d 'Print the rendered objects as YAML or JSON; never contacts a cluster'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images check install diff status verify uninstall fetch completions help" -f -a "images" -d 'List every container image the profiles would run (for mirroring)'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images check install diff status verify uninstall fetch completions help" -f -a "check" -d 'Pre-flight checks: server, credentials, version, platform, permissions, storage, conflicts'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images check install diff status verify uninstall fetch completions help" -f -a "install" -d 'Check, validate, plan, apply in waves with server-side apply, and wait until everything is ready'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images check install diff status verify uninstall fetch completions help" -f -a "diff" -d 'Show what install would change: objects to create, a diff of each change, objects to prune'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images check install diff status verify uninstall fetch completions help" -f -a "status" -d 'Show the health of every object odh installed, with reasons'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images check install diff status verify uninstall fetch completions help" -f -a "verify" -d 'Check that the installed platform works: logins, the bucket, scrape targets, predictions'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images check install diff status verify uninstall fetch completions help" -f -a "uninstall" -d 'Remove what odh installed, in safe order'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images check install diff status verify uninstall fetch completions help" -f -a "fetch" -d 'Download the remote upstream files of profiles into a directory (for air-gapped installs)'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images check install diff status verify uninstall fetch completions help" -f -a "completions" -d 'Print shell completions'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images check install diff status verify uninstall fetch completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
