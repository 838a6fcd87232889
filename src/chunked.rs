//! A list kept as the pieces it was built from: per-file entry lists are
//! joined without copying (a 10-million-entry journal would otherwise be
//! copied whole, and held twice while it is).

use std::ops::Index;

/// A sequence stored as a list of vectors, indexed as one.
#[derive(Clone, Debug)]
pub struct Chunked<T> {
    chunks: Vec<Vec<T>>,
    /// The index of each chunk's first element, and the total at the end.
    starts: Vec<usize>,
}

impl<T> Default for Chunked<T> {
    fn default() -> Chunked<T> {
        Chunked {
            chunks: Vec::new(),
            starts: vec![0],
        }
    }
}

impl<T> Chunked<T> {
    /// Appends a whole vector, without copying it.
    pub fn push_chunk(&mut self, chunk: Vec<T>) {
        if chunk.is_empty() {
            return;
        }
        let end = self.len() + chunk.len();
        self.chunks.push(chunk);
        self.starts.push(end);
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        *self.starts.last().unwrap_or(&0)
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every element, in order.
    pub fn iter(&self) -> impl Iterator<Item = &T> + Clone {
        self.chunks.iter().flatten()
    }

    /// The element at `index`, if any.
    pub fn get(&self, index: usize) -> Option<&T> {
        let chunk = self
            .starts
            .partition_point(|&start| start <= index)
            .checked_sub(1)?;
        self.chunks.get(chunk)?.get(index - self.starts[chunk])
    }
}

impl<T> Index<usize> for Chunked<T> {
    type Output = T;

    fn index(&self, index: usize) -> &T {
        match self.get(index) {
            Some(element) => element,
            None => panic!("index {index} out of range for {} elements", self.len()),
        }
    }
}

impl<T> FromIterator<T> for Chunked<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Chunked<T> {
        let mut chunked = Chunked::default();
        chunked.push_chunk(iter.into_iter().collect());
        chunked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_across_chunks() {
        let mut list = Chunked::default();
        list.push_chunk(vec![1, 2]);
        list.push_chunk(Vec::new());
        list.push_chunk(vec![3]);
        list.push_chunk(vec![4, 5, 6]);
        assert_eq!(list.len(), 6);
        assert_eq!(list.iter().copied().collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6]);
        assert_eq!(
            (0..6).map(|i| list[i]).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5, 6]
        );
        assert_eq!(list.get(6), None);
        assert!(Chunked::<u8>::default().is_empty());
    }
}
