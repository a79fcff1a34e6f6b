//! Decoding the bodies kubectl sent: transcripts 81 and 82 (recorded against a real apiserver)
//! and `kubectl create deployment web --image=nginx:1.27 --replicas=0 --port=8080` (kubectl
//! 1.33's `-v=9` hex dump).

use super::*;

/// Bytes from a `-v=9` hex dump (`00000000  6b 38 …  |k8s.|`).
fn from_dump(dump: &str) -> Vec<u8> {
    dump.lines()
        .filter(|l| l.len() > 10)
        .flat_map(|l| {
            let hex = &l[10..l.find('|').unwrap_or(l.len())];
            hex.split_whitespace()
                .map(|h| u8::from_str_radix(h, 16).unwrap())
                .collect::<Vec<_>>()
        })
        .collect()
}

const CAN_I: &str = "00000000  6b 38 73 00 0a 32 0a 17  61 75 74 68 6f 72 69 7a  |k8s..2..authoriz|
00000010  61 74 69 6f 6e 2e 6b 38  73 2e 69 6f 2f 76 31 12  |ation.k8s.io/v1.|
00000020  17 53 65 6c 66 53 75 62  6a 65 63 74 41 63 63 65  |.SelfSubjectAcce|
00000030  73 73 52 65 76 69 65 77  12 45 0a 10 0a 00 12 00  |ssReview.E......|
00000040  1a 00 22 00 2a 00 32 00  38 00 42 00 12 27 0a 25  |..\".*.2.8.B..'.%|
00000050  0a 07 74 78 2d 6d 61 69  6e 12 06 63 72 65 61 74  |..tx-main..creat|
00000060  65 1a 00 22 00 2a 0a 63  6f 6e 66 69 67 6d 61 70  |e..\".*.configmap|
00000070  73 32 00 3a 00 1a 08 08  00 12 00 1a 00 20 00 1a  |s2.:......... ..|
00000080  00 22 00                                          |.\".|";

const TOKEN: &str = "00000000  6b 38 73 00 0a 28 0a 18  61 75 74 68 65 6e 74 69  |k8s..(..authenti|
00000010  63 61 74 69 6f 6e 2e 6b  38 73 2e 69 6f 2f 76 31  |cation.k8s.io/v1|
00000020  12 0c 54 6f 6b 65 6e 52  65 71 75 65 73 74 12 1a  |..TokenRequest..|
00000030  0a 10 0a 00 12 00 1a 00  22 00 2a 00 32 00 38 00  |........\".*.2.8.|
00000040  42 00 12 00 1a 04 0a 00  12 00 1a 00 22 00        |B...........\".|";

const DEPLOYMENT: &str =
    "00000000  6b 38 73 00 0a 15 0a 07  61 70 70 73 2f 76 31 12  |k8s.....apps/v1.|
00000010  0a 44 65 70 6c 6f 79 6d  65 6e 74 12 c5 01 0a 26  |.Deployment....&|
00000020  0a 03 77 65 62 12 00 1a  07 64 65 66 61 75 6c 74  |..web....default|
00000030  22 00 2a 00 32 00 38 00  42 00 5a 0a 0a 03 61 70  |\".*.2.8.B.Z...ap|
00000040  70 12 03 77 65 62 12 8c  01 08 00 12 0c 0a 0a 0a  |p..web..........|
00000050  03 61 70 70 12 03 77 65  62 1a 72 0a 1c 0a 00 12  |.app..web.r.....|
00000060  00 1a 00 22 00 2a 00 32  00 38 00 42 00 5a 0a 0a  |...\".*.2.8.B.Z..|
00000070  03 61 70 70 12 03 77 65  62 12 52 12 34 0a 05 6e  |.app..web.R.4..n|
00000080  67 69 6e 78 12 0a 6e 67  69 6e 78 3a 31 2e 32 37  |ginx..nginx:1.27|
00000090  2a 00 32 0b 0a 00 10 00  18 90 3f 22 00 2a 00 42  |*.2.......?\".*.B|
000000a0  00 6a 00 72 00 80 01 00  88 01 00 90 01 00 a2 01  |.j.r............|
000000b0  00 1a 00 32 00 42 00 4a  00 52 00 58 00 60 00 68  |...2.B.J.R.X.`.h|
000000c0  00 82 01 00 8a 01 00 9a  01 00 c2 01 00 22 02 0a  |.............\"..|
000000d0  00 28 00 38 00 1a 0c 08  00 10 00 18 00 20 00 28  |.(.8......... .(|
000000e0  00 38 00 1a 00 22 00                              |.8...\".|";

#[test]
fn decodes_kubectl_auth_can_i() {
    let v = decode_object(&from_dump(CAN_I)).unwrap();
    assert_eq!(v["apiVersion"], "authorization.k8s.io/v1");
    assert_eq!(v["kind"], "SelfSubjectAccessReview");
    assert_eq!(
        v["spec"],
        json!({"resourceAttributes": {"namespace": "tx-main", "verb": "create", "resource": "configmaps"}})
    );
    assert_eq!(
        v["metadata"],
        json!({}),
        "empty strings and a zero Time are omitted"
    );
}

#[test]
fn decodes_kubectl_create_token() {
    let v = decode_object(&from_dump(TOKEN)).unwrap();
    assert_eq!(v["kind"], "TokenRequest");
    assert_eq!(v["spec"], json!({}));
}

#[test]
fn decodes_kubectl_create_deployment() {
    let v = decode_object(&from_dump(DEPLOYMENT)).unwrap();
    assert_eq!(
        v["metadata"],
        json!({"name": "web", "namespace": "default", "labels": {"app": "web"}})
    );
    let spec = &v["spec"];
    assert_eq!(spec["replicas"], 0, "a pointer field keeps its zero");
    assert_eq!(spec["selector"], json!({"matchLabels": {"app": "web"}}));
    assert_eq!(
        spec["strategy"],
        json!({}),
        "a struct field is always there, as in JSON"
    );
    assert!(
        spec.get("paused").is_none(),
        "a false non-pointer bool is omitted"
    );
    let pod = &spec["template"]["spec"];
    assert_eq!(
        pod["containers"],
        json!([{"name": "nginx", "image": "nginx:1.27", "ports": [{"containerPort": 8080}], "resources": {}}])
    );
}

#[test]
fn refuses_what_it_cannot_read() {
    assert!(matches!(
        decode_object(b"{\"kind\":\"x\"}"),
        Err(ProtoError::Malformed(_))
    ));
    let mut body = from_dump(DEPLOYMENT);
    body.truncate(60);
    assert!(matches!(
        decode_object(&body),
        Err(ProtoError::Malformed(_))
    ));
    // An envelope around a kind the table does not describe.
    let mut widget = b"k8s\x00\x0a\x0c\x0a\x04x/v1\x12\x04Wdgt".to_vec();
    widget.extend_from_slice(b"\x12\x00");
    assert_eq!(
        decode_object(&widget),
        Err(ProtoError::UnknownKind("Wdgt".into()))
    );
    assert!(is_protobuf("application/vnd.kubernetes.protobuf"));
    assert!(!is_protobuf("application/json"));
}
