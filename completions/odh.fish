# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_odh_global_optspecs
    string join \n kubeconfig= context= o/output= no-progress y/yes v/verbose q/quiet h/help V/version
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
complete -c odh -n "__fish_odh_needs_command" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_needs_command" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_needs_command" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_needs_command" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_needs_command" -s h -l help -d 'Print help'
complete -c odh -n "__fish_odh_needs_command" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_needs_command" -f -a "profiles" -d 'List profiles with their components, dependencies, platforms and parameters'
complete -c odh -n "__fish_odh_needs_command" -f -a "render" -d 'Print the rendered objects as YAML or JSON; never contacts a cluster'
complete -c odh -n "__fish_odh_needs_command" -f -a "images" -d 'List every container image the profiles would run (for mirroring)'
complete -c odh -n "__fish_odh_needs_command" -f -a "install" -d 'Plan, apply in waves with server-side apply, and wait until everything is ready'
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
complete -c odh -n "__fish_odh_using_subcommand profiles" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_using_subcommand profiles" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_using_subcommand profiles" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_using_subcommand profiles" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_using_subcommand profiles" -s h -l help -d 'Print help'
complete -c odh -n "__fish_odh_using_subcommand profiles" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_using_subcommand render" -s p -l profile -d 'Profiles to use, comma-separated or repeated (core, monitoring, serving, ai-library)' -r
complete -c odh -n "__fish_odh_using_subcommand render" -s f -l values -d 'Values file (YAML); repeat to layer, later files win' -r -F
complete -c odh -n "__fish_odh_using_subcommand render" -l set -d 'Set one value (KEY=VALUE); applied after all -f files' -r
complete -c odh -n "__fish_odh_using_subcommand render" -l platform -d 'Target platform' -r -f -a "auto\t'Detect from the cluster (OpenShift when route.openshift.io and OLM are served)'
kubernetes\t'Plain Kubernetes (kind, minikube, CI): upstream components installed directly'
openshift\t'OpenShift: the ODH operator through OLM'"
complete -c odh -n "__fish_odh_using_subcommand render" -l output-dir -d 'Write one file per object and a kustomization.yaml into DIR instead of stdout' -r -F
complete -c odh -n "__fish_odh_using_subcommand render" -l bundle -d 'Read remote files from a directory written by `odh fetch` instead of downloading' -r -F
complete -c odh -n "__fish_odh_using_subcommand render" -l source-mirror -d 'Download remote files from this mirror (URL/<host>/<path>) instead of upstream' -r
complete -c odh -n "__fish_odh_using_subcommand render" -l source-lock -d 'Lock file of `sha256  url` lines that adds or overrides pinned digests' -r -F
complete -c odh -n "__fish_odh_using_subcommand render" -l cache-dir -d 'Cache directory for downloaded files (default: the user cache directory)' -r -F
complete -c odh -n "__fish_odh_using_subcommand render" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c odh -n "__fish_odh_using_subcommand render" -l context -d 'Kubeconfig context to use (default: the current context)' -r
complete -c odh -n "__fish_odh_using_subcommand render" -s o -l output -d 'Output format of results on stdout' -r -f -a "text\t''
json\t''
yaml\t''"
complete -c odh -n "__fish_odh_using_subcommand render" -l offline -d 'Never download: use only the cache or --bundle'
complete -c odh -n "__fish_odh_using_subcommand render" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_using_subcommand render" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_using_subcommand render" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_using_subcommand render" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_using_subcommand render" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c odh -n "__fish_odh_using_subcommand render" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_using_subcommand images" -s p -l profile -d 'Profiles to use, comma-separated or repeated (core, monitoring, serving, ai-library)' -r
complete -c odh -n "__fish_odh_using_subcommand images" -s f -l values -d 'Values file (YAML); repeat to layer, later files win' -r -F
complete -c odh -n "__fish_odh_using_subcommand images" -l set -d 'Set one value (KEY=VALUE); applied after all -f files' -r
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
complete -c odh -n "__fish_odh_using_subcommand images" -l offline -d 'Never download: use only the cache or --bundle'
complete -c odh -n "__fish_odh_using_subcommand images" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_using_subcommand images" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_using_subcommand images" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_using_subcommand images" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_using_subcommand images" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c odh -n "__fish_odh_using_subcommand images" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_using_subcommand install" -s p -l profile -d 'Profiles to use, comma-separated or repeated (core, monitoring, serving, ai-library)' -r
complete -c odh -n "__fish_odh_using_subcommand install" -s f -l values -d 'Values file (YAML); repeat to layer, later files win' -r -F
complete -c odh -n "__fish_odh_using_subcommand install" -l set -d 'Set one value (KEY=VALUE); applied after all -f files' -r
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
complete -c odh -n "__fish_odh_using_subcommand install" -l dry-run -d 'Print the plan with what would happen to each object; change nothing'
complete -c odh -n "__fish_odh_using_subcommand install" -l adopt -d 'Take over existing objects that odh does not manage yet'
complete -c odh -n "__fish_odh_using_subcommand install" -l force-conflicts -d 'Take over fields that another field manager owns'
complete -c odh -n "__fish_odh_using_subcommand install" -l verify -d 'After a successful install, run the fast checks of `odh verify` (exit 1 if one fails)'
complete -c odh -n "__fish_odh_using_subcommand install" -l offline -d 'Never download: use only the cache or --bundle'
complete -c odh -n "__fish_odh_using_subcommand install" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_using_subcommand install" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_using_subcommand install" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_using_subcommand install" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_using_subcommand install" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c odh -n "__fish_odh_using_subcommand install" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_using_subcommand status" -s n -l namespace -d 'The applications namespace holding the installation\'s inventory' -r
complete -c odh -n "__fish_odh_using_subcommand status" -s p -l profile -d 'Only these installed profiles (comma-separated or repeated)' -r
complete -c odh -n "__fish_odh_using_subcommand status" -l timeout -d 'How long --wait waits (e.g. 90s, 10m)' -r
complete -c odh -n "__fish_odh_using_subcommand status" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c odh -n "__fish_odh_using_subcommand status" -l context -d 'Kubeconfig context to use (default: the current context)' -r
complete -c odh -n "__fish_odh_using_subcommand status" -s o -l output -d 'Output format of results on stdout' -r -f -a "text\t''
json\t''
yaml\t''"
complete -c odh -n "__fish_odh_using_subcommand status" -l wait -d 'Wait until every object is ready (exit 3 at --timeout)'
complete -c odh -n "__fish_odh_using_subcommand status" -l watch -d 'Keep watching and report each change until Ctrl-C (redraws on a terminal)'
complete -c odh -n "__fish_odh_using_subcommand status" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_using_subcommand status" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_using_subcommand status" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_using_subcommand status" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_using_subcommand status" -s h -l help -d 'Print help'
complete -c odh -n "__fish_odh_using_subcommand status" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_using_subcommand verify" -s n -l namespace -d 'The applications namespace holding the installation\'s inventory' -r
complete -c odh -n "__fish_odh_using_subcommand verify" -s p -l profile -d 'Only these installed profiles (comma-separated or repeated)' -r
complete -c odh -n "__fish_odh_using_subcommand verify" -l timeout -d 'Give up after this long; checks still running fail (default 5m, 15m with --include-slow)' -r
complete -c odh -n "__fish_odh_using_subcommand verify" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c odh -n "__fish_odh_using_subcommand verify" -l context -d 'Kubeconfig context to use (default: the current context)' -r
complete -c odh -n "__fish_odh_using_subcommand verify" -s o -l output -d 'Output format of results on stdout' -r -f -a "text\t''
json\t''
yaml\t''"
complete -c odh -n "__fish_odh_using_subcommand verify" -l include-slow -d 'Also run a SparkPi application and start a notebook server (minutes)'
complete -c odh -n "__fish_odh_using_subcommand verify" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_using_subcommand verify" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_using_subcommand verify" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_using_subcommand verify" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_using_subcommand verify" -s h -l help -d 'Print help'
complete -c odh -n "__fish_odh_using_subcommand verify" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_using_subcommand uninstall" -s n -l namespace -d 'The applications namespace holding the installation\'s inventory' -r
complete -c odh -n "__fish_odh_using_subcommand uninstall" -s p -l profile -d 'Only these installed profiles (comma-separated or repeated)' -r
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
complete -c odh -n "__fish_odh_using_subcommand uninstall" -l purge -d 'Also delete claims holding data, the namespaces holding them, and CRDs no custom resource uses'
complete -c odh -n "__fish_odh_using_subcommand uninstall" -l remove-orphaned-finalizers -d 'Take a finalizer off an object being deleted when the controller that clears it is confirmed gone (never for unknown or control-plane finalizers)'
complete -c odh -n "__fish_odh_using_subcommand uninstall" -l offline -d 'Never download: use only the cache or --bundle'
complete -c odh -n "__fish_odh_using_subcommand uninstall" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_using_subcommand uninstall" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_using_subcommand uninstall" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_using_subcommand uninstall" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_using_subcommand uninstall" -s h -l help -d 'Print help'
complete -c odh -n "__fish_odh_using_subcommand uninstall" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_using_subcommand fetch" -s p -l profile -d 'Profiles whose remote files to fetch (all components, every platform and engine)' -r
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
complete -c odh -n "__fish_odh_using_subcommand fetch" -l offline -d 'Never download: use only the cache or --bundle'
complete -c odh -n "__fish_odh_using_subcommand fetch" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_using_subcommand fetch" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_using_subcommand fetch" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_using_subcommand fetch" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_using_subcommand fetch" -s h -l help -d 'Print help'
complete -c odh -n "__fish_odh_using_subcommand fetch" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_using_subcommand completions" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' -r -F
complete -c odh -n "__fish_odh_using_subcommand completions" -l context -d 'Kubeconfig context to use (default: the current context)' -r
complete -c odh -n "__fish_odh_using_subcommand completions" -s o -l output -d 'Output format of results on stdout' -r -f -a "text\t''
json\t''
yaml\t''"
complete -c odh -n "__fish_odh_using_subcommand completions" -l no-progress -d 'Never draw progress bars (implied when stderr is not a terminal)'
complete -c odh -n "__fish_odh_using_subcommand completions" -s y -l yes -d 'Never prompt; assume yes'
complete -c odh -n "__fish_odh_using_subcommand completions" -s v -l verbose -d 'Print more detail on stderr'
complete -c odh -n "__fish_odh_using_subcommand completions" -s q -l quiet -d 'Print only errors on stderr'
complete -c odh -n "__fish_odh_using_subcommand completions" -s h -l help -d 'Print help'
complete -c odh -n "__fish_odh_using_subcommand completions" -s V -l version -d 'Print version'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images install status verify uninstall fetch completions help" -f -a "profiles" -d 'List profiles with their components, dependencies, platforms and parameters'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images install status verify uninstall fetch completions help" -f -a "render" -d 'Print the rendered objects as YAML or JSON; never contacts a cluster'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images install status verify uninstall fetch completions help" -f -a "images" -d 'List every container image the profiles would run (for mirroring)'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images install status verify uninstall fetch completions help" -f -a "install" -d 'Plan, apply in waves with server-side apply, and wait until everything is ready'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images install status verify uninstall fetch completions help" -f -a "status" -d 'Show the health of every object odh installed, with reasons'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images install status verify uninstall fetch completions help" -f -a "verify" -d 'Check that the installed platform works: logins, the bucket, scrape targets, predictions'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images install status verify uninstall fetch completions help" -f -a "uninstall" -d 'Remove what odh installed, in safe order'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images install status verify uninstall fetch completions help" -f -a "fetch" -d 'Download the remote upstream files of profiles into a directory (for air-gapped installs)'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images install status verify uninstall fetch completions help" -f -a "completions" -d 'Print shell completions'
complete -c odh -n "__fish_odh_using_subcommand help; and not __fish_seen_subcommand_from profiles render images install status verify uninstall fetch completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
