//! Test controls of the simulated programs on [`TestCluster`]: switching failures on and off,
//! and looking at what the programs hold (S3 objects, hub tokens and users).

use super::AppFault;
use crate::handle::TestCluster;

impl TestCluster {
    /// Switches a failure of a simulated program on.
    pub fn fail_app(&self, fault: AppFault) {
        self.shared().lock().apps.faults.insert(fault);
    }

    /// Switches a failure off again.
    pub fn heal_app(&self, fault: &AppFault) {
        self.shared().lock().apps.faults.remove(fault);
    }

    /// The keys of the objects in a bucket of the simulated S3 store.
    pub fn s3_keys(&self, bucket: &str) -> Vec<String> {
        let st = self.shared().lock();
        st.apps
            .s3_objects
            .keys()
            .filter(|(b, _)| b == bucket)
            .map(|(_, k)| k.clone())
            .collect()
    }

    /// Puts an object into the simulated S3 store (a trained model, say).
    pub fn put_s3_object(&self, bucket: &str, key: &str, bytes: &[u8]) {
        let mut st = self.shared().lock();
        st.apps
            .s3_objects
            .insert((bucket.to_string(), key.to_string()), bytes.to_vec());
    }

    /// How many hub API tokens of a user are not revoked.
    pub fn hub_tokens(&self, user: &str) -> usize {
        let st = self.shared().lock();
        st.apps.hub_tokens.values().filter(|u| *u == user).count()
    }

    /// How many runs the simulated pipelines API server holds (not deleted).
    pub fn pipeline_runs(&self) -> usize {
        self.shared().lock().apps.pipeline_runs.len()
    }

    /// Whether the simulated hub knows a user (it logged in once).
    pub fn hub_user_exists(&self, user: &str) -> bool {
        self.shared().lock().apps.hub_users.contains(user)
    }
}
