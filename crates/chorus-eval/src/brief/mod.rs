//! The brief evaluation on `brief-dev`: [`score`] ports its `score.py`.

pub mod score;
