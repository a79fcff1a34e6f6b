_odh() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="odh"
                ;;
            odh,check)
                cmd="odh__subcmd__check"
                ;;
            odh,completions)
                cmd="odh__subcmd__completions"
                ;;
            odh,diff)
                cmd="odh__subcmd__diff"
                ;;
            odh,fetch)
                cmd="odh__subcmd__fetch"
                ;;
            odh,help)
                cmd="odh__subcmd__help"
                ;;
            odh,images)
                cmd="odh__subcmd__images"
                ;;
            odh,install)
                cmd="odh__subcmd__install"
                ;;
            odh,profiles)
                cmd="odh__subcmd__profiles"
                ;;
            odh,render)
                cmd="odh__subcmd__render"
                ;;
            odh,status)
                cmd="odh__subcmd__status"
                ;;
            odh,uninstall)
                cmd="odh__subcmd__uninstall"
                ;;
            odh,verify)
                cmd="odh__subcmd__verify"
                ;;
            odh__subcmd__help,check)
                cmd="odh__subcmd__help__subcmd__check"
                ;;
            odh__subcmd__help,completions)
                cmd="odh__subcmd__help__subcmd__completions"
                ;;
            odh__subcmd__help,diff)
                cmd="odh__subcmd__help__subcmd__diff"
                ;;
            odh__subcmd__help,fetch)
                cmd="odh__subcmd__help__subcmd__fetch"
                ;;
            odh__subcmd__help,help)
                cmd="odh__subcmd__help__subcmd__help"
                ;;
            odh__subcmd__help,images)
                cmd="odh__subcmd__help__subcmd__images"
                ;;
            odh__subcmd__help,install)
                cmd="odh__subcmd__help__subcmd__install"
                ;;
            odh__subcmd__help,profiles)
                cmd="odh__subcmd__help__subcmd__profiles"
                ;;
            odh__subcmd__help,render)
                cmd="odh__subcmd__help__subcmd__render"
                ;;
            odh__subcmd__help,status)
                cmd="odh__subcmd__help__subcmd__status"
                ;;
            odh__subcmd__help,uninstall)
                cmd="odh__subcmd__help__subcmd__uninstall"
                ;;
            odh__subcmd__help,verify)
                cmd="odh__subcmd__help__subcmd__verify"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        odh)
            opts="-o -y -v -q -h -V --kubeconfig --context --output --no-progress --yes --verbose --quiet --request-timeout --help --version profiles render images check install diff status verify uninstall fetch completions help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --kubeconfig)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__check)
            opts="-p -f -o -y -v -q -h -V --profile --values --set --include --no-include --platform --offline --bundle --source-mirror --source-lock --cache-dir --kubeconfig --context --output --no-progress --yes --verbose --quiet --request-timeout --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -W "core monitoring pipelines serving ai-library" -- "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -W "core monitoring pipelines serving ai-library" -- "${cur}"))
                    return 0
                    ;;
                --values)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --set)
                    COMPREPLY=($(compgen -W "namespace= global.imageRegistry= global.imagePullPolicy= global.storageClass= jupyterhub.enabled= jupyterhub.singleuserImage= jupyterhub.dbStorageSize= jupyterhub.userStorageSize= jupyterhub.userCpuLimit= jupyterhub.userMemoryLimit= s3.enabled= s3.endpoint= s3.bucket= s3.region= s3.credentialsSecret= s3.storageSize= s3.engine= rook.nodeCount= rook.storage= rook.deviceFilter= rook.deviceSize= rook.deviceStorageClass= rook.discoveryDaemon= sparkOperator.enabled= sparkOperator.replicas= spark.jobNamespace= operator.channel= operator.installPlanApproval= operator.startingCSV= monitoring.namespace= prometheus.enabled= prometheus.scrapeInterval= prometheus.retention= prometheus.persistence= prometheus.storageSize= grafana.enabled= grafana.route= pipelines.prefix= pipelines.databaseStorageSize= pipelines.ui= serving.engine= seldon.namespace= serving.modelmesh= aiLibrary.sentimentAnalysis.enabled= aiLibrary.sentimentAnalysis.image= aiLibrary.sentimentAnalysis.proxyImage= aiLibrary.flakeAnalysis.enabled= aiLibrary.flakeAnalysis.image= aiLibrary.duplicateBugDetection.enabled= aiLibrary.duplicateBugDetection.image= aiLibrary.sampleData.enabled= aiLibrary.sampleData.image= aiLibrary.sampleData.prefix= aiLibrary.replicas=" -- "${cur}"))
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --include)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --platform)
                    COMPREPLY=($(compgen -W "auto kubernetes openshift" -- "${cur}"))
                    return 0
                    ;;
                --bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --source-mirror)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --source-lock)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kubeconfig)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__completions)
            opts="-o -y -v -q -h -V --kubeconfig --context --output --no-progress --yes --verbose --quiet --request-timeout --help --version bash zsh fish"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --kubeconfig)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__diff)
            opts="-p -f -o -y -v -q -h -V --profile --values --set --include --no-include --platform --offline --bundle --source-mirror --source-lock --cache-dir --kubeconfig --context --output --no-progress --yes --verbose --quiet --request-timeout --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -W "core monitoring pipelines serving ai-library" -- "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -W "core monitoring pipelines serving ai-library" -- "${cur}"))
                    return 0
                    ;;
                --values)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --set)
                    COMPREPLY=($(compgen -W "namespace= global.imageRegistry= global.imagePullPolicy= global.storageClass= jupyterhub.enabled= jupyterhub.singleuserImage= jupyterhub.dbStorageSize= jupyterhub.userStorageSize= jupyterhub.userCpuLimit= jupyterhub.userMemoryLimit= s3.enabled= s3.endpoint= s3.bucket= s3.region= s3.credentialsSecret= s3.storageSize= s3.engine= rook.nodeCount= rook.storage= rook.deviceFilter= rook.deviceSize= rook.deviceStorageClass= rook.discoveryDaemon= sparkOperator.enabled= sparkOperator.replicas= spark.jobNamespace= operator.channel= operator.installPlanApproval= operator.startingCSV= monitoring.namespace= prometheus.enabled= prometheus.scrapeInterval= prometheus.retention= prometheus.persistence= prometheus.storageSize= grafana.enabled= grafana.route= pipelines.prefix= pipelines.databaseStorageSize= pipelines.ui= serving.engine= seldon.namespace= serving.modelmesh= aiLibrary.sentimentAnalysis.enabled= aiLibrary.sentimentAnalysis.image= aiLibrary.sentimentAnalysis.proxyImage= aiLibrary.flakeAnalysis.enabled= aiLibrary.flakeAnalysis.image= aiLibrary.duplicateBugDetection.enabled= aiLibrary.duplicateBugDetection.image= aiLibrary.sampleData.enabled= aiLibrary.sampleData.image= aiLibrary.sampleData.prefix= aiLibrary.replicas=" -- "${cur}"))
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --include)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --platform)
                    COMPREPLY=($(compgen -W "auto kubernetes openshift" -- "${cur}"))
                    return 0
                    ;;
                --bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --source-mirror)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --source-lock)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kubeconfig)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__fetch)
            opts="-p -o -y -v -q -h -V --profile --to --offline --bundle --source-mirror --source-lock --cache-dir --kubeconfig --context --output --no-progress --yes --verbose --quiet --request-timeout --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -W "core monitoring pipelines serving ai-library" -- "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -W "core monitoring pipelines serving ai-library" -- "${cur}"))
                    return 0
                    ;;
                --to)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --source-mirror)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --source-lock)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kubeconfig)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__help)
            opts="profiles render images check install diff status verify uninstall fetch completions help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__help__subcmd__check)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__help__subcmd__diff)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__help__subcmd__fetch)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__help__subcmd__images)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__help__subcmd__install)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__help__subcmd__profiles)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__help__subcmd__render)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__help__subcmd__status)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__help__subcmd__uninstall)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__help__subcmd__verify)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__images)
            opts="-p -f -o -y -v -q -h -V --profile --values --set --include --no-include --platform --offline --bundle --source-mirror --source-lock --cache-dir --kubeconfig --context --output --no-progress --yes --verbose --quiet --request-timeout --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -W "core monitoring pipelines serving ai-library" -- "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -W "core monitoring pipelines serving ai-library" -- "${cur}"))
                    return 0
                    ;;
                --values)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --set)
                    COMPREPLY=($(compgen -W "namespace= global.imageRegistry= global.imagePullPolicy= global.storageClass= jupyterhub.enabled= jupyterhub.singleuserImage= jupyterhub.dbStorageSize= jupyterhub.userStorageSize= jupyterhub.userCpuLimit= jupyterhub.userMemoryLimit= s3.enabled= s3.endpoint= s3.bucket= s3.region= s3.credentialsSecret= s3.storageSize= s3.engine= rook.nodeCount= rook.storage= rook.deviceFilter= rook.deviceSize= rook.deviceStorageClass= rook.discoveryDaemon= sparkOperator.enabled= sparkOperator.replicas= spark.jobNamespace= operator.channel= operator.installPlanApproval= operator.startingCSV= monitoring.namespace= prometheus.enabled= prometheus.scrapeInterval= prometheus.retention= prometheus.persistence= prometheus.storageSize= grafana.enabled= grafana.route= pipelines.prefix= pipelines.databaseStorageSize= pipelines.ui= serving.engine= seldon.namespace= serving.modelmesh= aiLibrary.sentimentAnalysis.enabled= aiLibrary.sentimentAnalysis.image= aiLibrary.sentimentAnalysis.proxyImage= aiLibrary.flakeAnalysis.enabled= aiLibrary.flakeAnalysis.image= aiLibrary.duplicateBugDetection.enabled= aiLibrary.duplicateBugDetection.image= aiLibrary.sampleData.enabled= aiLibrary.sampleData.image= aiLibrary.sampleData.prefix= aiLibrary.replicas=" -- "${cur}"))
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --include)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --platform)
                    COMPREPLY=($(compgen -W "auto kubernetes openshift" -- "${cur}"))
                    return 0
                    ;;
                --bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --source-mirror)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --source-lock)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kubeconfig)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__install)
            opts="-p -f -o -y -v -q -h -V --profile --values --set --include --no-include --platform --dry-run --timeout --grace --adopt --force-conflicts --concurrency --skip-checks --verify --offline --bundle --source-mirror --source-lock --cache-dir --kubeconfig --context --output --no-progress --yes --verbose --quiet --request-timeout --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -W "core monitoring pipelines serving ai-library" -- "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -W "core monitoring pipelines serving ai-library" -- "${cur}"))
                    return 0
                    ;;
                --values)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --set)
                    COMPREPLY=($(compgen -W "namespace= global.imageRegistry= global.imagePullPolicy= global.storageClass= jupyterhub.enabled= jupyterhub.singleuserImage= jupyterhub.dbStorageSize= jupyterhub.userStorageSize= jupyterhub.userCpuLimit= jupyterhub.userMemoryLimit= s3.enabled= s3.endpoint= s3.bucket= s3.region= s3.credentialsSecret= s3.storageSize= s3.engine= rook.nodeCount= rook.storage= rook.deviceFilter= rook.deviceSize= rook.deviceStorageClass= rook.discoveryDaemon= sparkOperator.enabled= sparkOperator.replicas= spark.jobNamespace= operator.channel= operator.installPlanApproval= operator.startingCSV= monitoring.namespace= prometheus.enabled= prometheus.scrapeInterval= prometheus.retention= prometheus.persistence= prometheus.storageSize= grafana.enabled= grafana.route= pipelines.prefix= pipelines.databaseStorageSize= pipelines.ui= serving.engine= seldon.namespace= serving.modelmesh= aiLibrary.sentimentAnalysis.enabled= aiLibrary.sentimentAnalysis.image= aiLibrary.sentimentAnalysis.proxyImage= aiLibrary.flakeAnalysis.enabled= aiLibrary.flakeAnalysis.image= aiLibrary.duplicateBugDetection.enabled= aiLibrary.duplicateBugDetection.image= aiLibrary.sampleData.enabled= aiLibrary.sampleData.image= aiLibrary.sampleData.prefix= aiLibrary.replicas=" -- "${cur}"))
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --include)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --platform)
                    COMPREPLY=($(compgen -W "auto kubernetes openshift" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --source-mirror)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --source-lock)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kubeconfig)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__profiles)
            opts="-o -y -v -q -h -V --kubeconfig --context --output --no-progress --yes --verbose --quiet --request-timeout --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --kubeconfig)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__render)
            opts="-p -f -o -y -v -q -h -V --profile --values --set --include --no-include --platform --output-dir --gitops --repo-url --revision --repo-path --argocd-namespace --offline --bundle --source-mirror --source-lock --cache-dir --kubeconfig --context --output --no-progress --yes --verbose --quiet --request-timeout --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -W "core monitoring pipelines serving ai-library" -- "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -W "core monitoring pipelines serving ai-library" -- "${cur}"))
                    return 0
                    ;;
                --values)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --set)
                    COMPREPLY=($(compgen -W "namespace= global.imageRegistry= global.imagePullPolicy= global.storageClass= jupyterhub.enabled= jupyterhub.singleuserImage= jupyterhub.dbStorageSize= jupyterhub.userStorageSize= jupyterhub.userCpuLimit= jupyterhub.userMemoryLimit= s3.enabled= s3.endpoint= s3.bucket= s3.region= s3.credentialsSecret= s3.storageSize= s3.engine= rook.nodeCount= rook.storage= rook.deviceFilter= rook.deviceSize= rook.deviceStorageClass= rook.discoveryDaemon= sparkOperator.enabled= sparkOperator.replicas= spark.jobNamespace= operator.channel= operator.installPlanApproval= operator.startingCSV= monitoring.namespace= prometheus.enabled= prometheus.scrapeInterval= prometheus.retention= prometheus.persistence= prometheus.storageSize= grafana.enabled= grafana.route= pipelines.prefix= pipelines.databaseStorageSize= pipelines.ui= serving.engine= seldon.namespace= serving.modelmesh= aiLibrary.sentimentAnalysis.enabled= aiLibrary.sentimentAnalysis.image= aiLibrary.sentimentAnalysis.proxyImage= aiLibrary.flakeAnalysis.enabled= aiLibrary.flakeAnalysis.image= aiLibrary.duplicateBugDetection.enabled= aiLibrary.duplicateBugDetection.image= aiLibrary.sampleData.enabled= aiLibrary.sampleData.image= aiLibrary.sampleData.prefix= aiLibrary.replicas=" -- "${cur}"))
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --include)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --platform)
                    COMPREPLY=($(compgen -W "auto kubernetes openshift" -- "${cur}"))
                    return 0
                    ;;
                --output-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --gitops)
                    COMPREPLY=($(compgen -W "argocd" -- "${cur}"))
                    return 0
                    ;;
                --repo-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --revision)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --repo-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --argocd-namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --source-mirror)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --source-lock)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kubeconfig)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__status)
            opts="-n -p -o -y -v -q -h -V --namespace --profile --wait --timeout --watch --kubeconfig --context --output --no-progress --yes --verbose --quiet --request-timeout --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -n)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -W "core monitoring pipelines serving ai-library" -- "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -W "core monitoring pipelines serving ai-library" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kubeconfig)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__uninstall)
            opts="-n -p -o -y -v -q -h -V --namespace --profile --purge --timeout --remove-orphaned-finalizers --offline --bundle --source-mirror --source-lock --cache-dir --kubeconfig --context --output --no-progress --yes --verbose --quiet --request-timeout --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -n)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -W "core monitoring pipelines serving ai-library" -- "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -W "core monitoring pipelines serving ai-library" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --source-mirror)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --source-lock)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kubeconfig)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        odh__subcmd__verify)
            opts="-n -p -o -y -v -q -h -V --namespace --profile --include-slow --timeout --kubeconfig --context --output --no-progress --yes --verbose --quiet --request-timeout --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -n)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -W "core monitoring pipelines serving ai-library" -- "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -W "core monitoring pipelines serving ai-library" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kubeconfig)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "text json yaml" -- "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _odh -o nosort -o bashdefault -o default odh
else
    complete -F _odh -o bashdefault -o default odh
fi
