//! The pipelines profile and the ModelMesh option on the test cluster.
