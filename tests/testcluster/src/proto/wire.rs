//! The protobuf wire format: varints and the (field number, value) pairs of one message.

/// One encoded field value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wire<'a> {
    Varint(u64),
    Fixed64(u64),
    Bytes(&'a [u8]),
    Fixed32(u32),
}

/// Reads a base-128 varint at `*i`, advancing it.
pub fn varint(b: &[u8], i: &mut usize) -> Option<u64> {
    let mut v: u64 = 0;
    for shift in (0..64).step_by(7) {
        let byte = *b.get(*i)?;
        *i += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

fn fixed<const N: usize>(b: &[u8], i: &mut usize) -> Option<[u8; N]> {
    let end = i.checked_add(N)?;
    let out: [u8; N] = b.get(*i..end)?.try_into().ok()?;
    *i = end;
    Some(out)
}

/// Every field of a message in wire order, or None when the bytes are not a valid message.
pub fn fields(b: &[u8]) -> Option<Vec<(u32, Wire<'_>)>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let key = varint(b, &mut i)?;
        let num = u32::try_from(key >> 3).ok().filter(|n| *n > 0)?;
        let value = match key & 7 {
            0 => Wire::Varint(varint(b, &mut i)?),
            1 => Wire::Fixed64(u64::from_le_bytes(fixed::<8>(b, &mut i)?)),
            2 => {
                let len = usize::try_from(varint(b, &mut i)?).ok()?;
                let end = i.checked_add(len)?;
                let bytes = b.get(i..end)?;
                i = end;
                Wire::Bytes(bytes)
            }
            5 => Wire::Fixed32(u32::from_le_bytes(fixed::<4>(b, &mut i)?)),
            _ => return None,
        };
        out.push((num, value));
    }
    Some(out)
}

/// The varints of a packed repeated field.
pub fn packed(b: &[u8]) -> Option<Vec<u64>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        out.push(varint(b, &mut i)?);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_wire_type() {
        // 1: varint 150, 2: "hi", 3: fixed32 1, 4: fixed64 2
        let b = [
            0x08, 0x96, 0x01, 0x12, 0x02, b'h', b'i', 0x1d, 1, 0, 0, 0, 0x21, 2, 0, 0, 0, 0, 0, 0,
            0,
        ];
        assert_eq!(
            fields(&b).unwrap(),
            vec![
                (1, Wire::Varint(150)),
                (2, Wire::Bytes(b"hi")),
                (3, Wire::Fixed32(1)),
                (4, Wire::Fixed64(2)),
            ]
        );
        assert!(fields(&[0x12, 0x05, b'a']).is_none(), "truncated");
        assert!(fields(&[0x0b]).is_none(), "group wire types are refused");
        assert_eq!(packed(&[0x01, 0x96, 0x01]).unwrap(), vec![1, 150]);
    }
}
